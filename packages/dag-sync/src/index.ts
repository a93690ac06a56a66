// Placeholder: the package's owner fills it in.
export {};
