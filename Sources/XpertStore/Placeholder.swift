// XpertStore
