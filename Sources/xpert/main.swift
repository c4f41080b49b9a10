import XpertCLI

XpertMain.prepareProcess()
await XpertMain.run()
