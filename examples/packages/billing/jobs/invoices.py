"""Invoices: the job is declared by the module-level JOB tuple, read without running this file."""

JOB = (
    "billing_invoices",
    "0 6 * * 1-5",
    "billing.invoices:run",
    {"retries": 2, "tags": ["billing", "finance"], "owner": "finance", "params": {"currency": "EUR"}},
)
