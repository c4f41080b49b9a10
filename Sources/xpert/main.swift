import XpertCLI
