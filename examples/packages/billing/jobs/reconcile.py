# Manual runs only (schedule None), all defaults.
JOB = ("billing_reconcile", None, "billing.reconcile:main")
