// XpertCore
