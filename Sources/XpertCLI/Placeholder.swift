// XpertCLI
