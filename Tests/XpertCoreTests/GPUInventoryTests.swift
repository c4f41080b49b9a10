import Testing

@testable import XpertCore

@Suite struct GPUInventoryTests {
  @Test func theQueryAndTheListGiveSlotsPerGPUOrMIGDevice() throws {
    var inventory = try GPUInventory.parse(
      query: "1, GPU-bb, NVIDIA H100 80GB HBM3\n0, GPU-aa, NVIDIA A100-SXM4-40GB\n")
    inventory.addMIG(
      list: """
        GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-aa)
          MIG 1g.5gb      Device  0: (UUID: MIG-c6d4f1ef-0000-0000-0000-000000000000)
          MIG 1g.5gb      Device  1: (UUID: MIG-d1e2f3a4-0000-0000-0000-000000000000)
        GPU 1: NVIDIA H100 80GB HBM3 (UUID: GPU-bb)
        """)
    #expect(inventory.devices.map(\.index) == [0, 1])
    #expect(inventory.devices[1].name == "NVIDIA H100 80GB HBM3")
    #expect(
      inventory.entries == [
        "MIG-c6d4f1ef-0000-0000-0000-000000000000", "MIG-d1e2f3a4-0000-0000-0000-000000000000",
        "1",
      ])
  }

  @Test(arguments: ["No devices were found", "0, 1, 2, 3", "x, GPU-aa, name", "0, aa, name"])
  func unreadableLinesAreErrorsThatQuoteThem(line: String) {
    #expect(throws: GPUInventory.Unreadable.self) { try GPUInventory.parse(query: line + "\n") }
  }
}
