// XpertRuntime
