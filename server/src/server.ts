// Entry point of the kubesense language server (stdio or IPC).
export {};
