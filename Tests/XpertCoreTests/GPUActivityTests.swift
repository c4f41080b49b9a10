import Testing

@testable import XpertCore

@Suite struct GPUActivityTests {
  static let memory = """
    0, GPU-aa, 30720, 81920
    1, GPU-bb, 4096, 81920
    2, GPU-cc, 9000, 81920
    """

  @Test func aForeignProcessOrMemoryMakesADeviceBusy() throws {
    let activity = try GPUActivity.parse(
      memory: Self.memory,
      processes: "4242, GPU-aa, 30720\n77, GPU-bb, 4096\n78, GPU-cc, [N/A]\n")
    let busy = activity.busy(own: [77], limit: .standard)
    #expect(busy["0"] == GPUActivity.Busy(foreignProcesses: 1, used: 30720))
    #expect(busy["GPU-aa"] != nil)
    #expect(busy["1"] == nil, "its only process is Xpert's, and its memory is not counted")
    #expect(busy["2"]?.foreignProcesses == 1, "a process whose memory the driver hides")
    #expect(busy["0"]?.description == "1 process that is not Xpert's, 30.0 GiB used")
    let quiet = try GPUActivity.parse(memory: Self.memory, processes: "")
    #expect(Set(quiet.busy(own: [], limit: .standard).keys) == ["0", "GPU-aa", "2", "GPU-cc"])
    #expect(quiet.busy(own: [], limit: .share(0.5)).isEmpty)
    #expect(
      quiet.busy(own: [], limit: .mebibytes(8000)).keys.sorted() == ["0", "2", "GPU-aa", "GPU-cc"])
    #expect(quiet.busy(own: [], limit: .standard)["2"]?.description == "8.8 GiB used")
  }

  @Test(arguments: ["0, GPU-aa, 1", "x, GPU-aa, 1, 2", "0, aa, 1, 2", "0, GPU-aa, lots, 2"])
  func unreadableMemoryLinesAreQuoted(line: String) {
    do {
      _ = try GPUActivity.parse(memory: line, processes: "")
      Issue.record("\(line) was read")
    } catch {
      #expect(error.message.contains(line.split(separator: ",")[0]), "\(error.message)")
      #expect(error.message.contains("got \""), "\(error.message)")
    }
  }

  @Test func busyMemoryReadsSizesAndShares() {
    #expect(GPUBusyMemory("10%") == .share(0.1))
    #expect(GPUBusyMemory("2GiB") == .mebibytes(2048))
    #expect(GPUBusyMemory("512 MiB") == .mebibytes(512))
    #expect(
      GPUBusyMemory("1GB")!.limit(total: 0) > 953 && GPUBusyMemory("1GB")!.limit(total: 0) < 954)
    for bad in ["", "10", "110%", "-1GiB", "lots", "2 gigs"] { #expect(GPUBusyMemory(bad) == nil) }
    #expect(GPUBusyMemory.standard.description == "10%")
    #expect(GPUBusyMemory.share(0.125).description == "12.5%")
    #expect(GPUBusyMemory.mebibytes(2048).description == "2.0 GiB")
  }

  @Test func outOfMemoryIsRecognizedInTheTailOfStderr() {
    #expect(
      GPUOutOfMemory.sign(
        in: "Traceback ...\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB")
        == "CUDA out of memory")
    #expect(GPUOutOfMemory.sign(in: "RuntimeError: CUBLAS_STATUS_ALLOC_FAILED when calling") != nil)
    #expect(GPUOutOfMemory.sign(in: "ValueError: bad learning rate") == nil)
  }
}
