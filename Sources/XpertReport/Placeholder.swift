// XpertReport
