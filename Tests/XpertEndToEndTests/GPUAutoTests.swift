import Foundation
import Testing
import XpertTestSupport

/// `gpu_indices = "auto"`: the GPUs come from nvidia-smi (here a fake of its documented CSV
/// query and `-L`, on PATH).
@Suite struct GPUAutoTests {
  static let fakeFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/fake-nvidia-smi").path

  /// The environment that puts the fake nvidia-smi, answering from `state`, first on PATH.
  static func fake(_ state: String, in sandbox: TemporaryDirectory) throws -> [String: String] {
    let path = try sandbox.write(state, to: "nvidia-smi-state.json")
    return [
      "PATH": fakeFolder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
      "FAKE_NVIDIA_SMI_STATE": path, "XPERT_NVIDIA_SMI": "nvidia-smi",
    ]
  }

  static let sweep = """
    cmd = "echo $CUDA_VISIBLE_DEVICES"
    uid = "o/{i}"
    i = [1, 2, 3, 4, 5, 6]
    [flags]
    gpu_indices = "auto"
    """

  /// The `CUDA_VISIBLE_DEVICES` each job saw.
  static func devices(in sandbox: TemporaryDirectory) throws -> Set<String> {
    Set(
      try sandbox.list("o").map { job in
        let name = logs(in: "o/" + job, of: sandbox).first { $0.hasPrefix("stdout") }!
        return try sandbox.read("o/\(job)/\(name)").trimmingCharacters(in: .whitespacesAndNewlines)
      })
  }

  @Test func autoMakesOneSlotPerGPU() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(Self.sweep, to: "s.toml")
      let environment = try Self.fake(
        """
        {"gpus": [{"index": 0, "uuid": "GPU-aa", "name": "Fake A100"},
                  {"index": 1, "uuid": "GPU-bb", "name": "Fake A100"},
                  {"index": 2, "uuid": "GPU-cc", "name": "Fake A100"}]}
        """, in: sandbox)
      let result = try await xpert("s.toml", in: sandbox, environment: environment)
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      #expect(
        result.lines.first
          == "GPUs found by nvidia-smi: 0 Fake A100, 1 Fake A100, 2 Fake A100; 3 slots")
      #expect(try Self.devices(in: sandbox) == ["0", "1", "2"])
      #expect(!result.stdout.contains("num_proc is"), "num_proc defaults to the slots")
    }
  }

  @Test func migDevicesAreSlotsOfTheirOwn() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(Self.sweep, to: "s.toml")
      let environment = try Self.fake(
        """
        {"gpus": [{"index": 0, "uuid": "GPU-aa", "name": "Fake A100", "mig": ["MIG-x", "MIG-y"]},
                  {"index": 1, "uuid": "GPU-bb", "name": "Fake A100"}]}
        """, in: sandbox)
      let result = try await xpert("s.toml", in: sandbox, environment: environment)
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      #expect(try Self.devices(in: sandbox) == ["MIG-x", "MIG-y", "1"])
      // Records and `status --jobs` say which device each job had.
      let records = try sandbox.list("o").map { try sandbox.read("o/\($0)/xpert-record.json") }
      #expect(records.contains { $0.contains("\"gpu_names\":\"0: Fake A100 (GPU-aa), MIG-y\"") })
      #expect(records.contains { $0.contains("\"gpu_names\":\"1: Fake A100 (GPU-bb)\"") })
      let status = try await xpert("status", "s.toml", "--jobs", in: sandbox)
      #expect(status.stdout.contains("0: Fake A100 (GPU-aa), MIG-x"), "\(status.stdout)")
    }
  }

  @Test(arguments: [
    ("none", "`nvidia-smi` is not on PATH"),
    ("{\"gpus\": []}", "`nvidia-smi` lists no GPU on this machine"),
    (
      "{\"exit\": 9, \"stderr\": \"NVIDIA-SMI has failed because it couldn't communicate\"}",
      "exited with status 9: NVIDIA-SMI has failed because it couldn't communicate"
    ),
    ("{\"stdout\": \"No devices were found, or so\\n\"}", "printed what Xpert cannot read"),
  ])
  func autoWithoutUsableGPUsIsAConfigError(state: String, message: String) async throws {
    try await withSandbox { sandbox in
      try sandbox.write(Self.sweep, to: "s.toml")
      var environment = try Self.fake(state, in: sandbox)
      if state == "none" {
        environment = ["PATH": sandbox.path + "/no-tools-here", "XPERT_NVIDIA_SMI": "nvidia-smi"]
      }
      let result = try await xpert("s.toml", in: sandbox, environment: environment)
      #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
      #expect(result.stderr.contains("gpu_indices = \"auto\" found no GPU"), "\(result.stderr)")
      #expect(result.stderr.contains(message), "\(result.stderr)")
      #expect(!sandbox.exists("o"), "nothing was created")
    }
  }

  @Test func gpusAutoOnTheCommandLine() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"echo $CUDA_VISIBLE_DEVICES\"\nuid = \"o/{i}\"\ni = [1, 2]\n", to: "s.toml")
      let environment = try Self.fake(
        "{\"gpus\": [{\"index\": 3, \"uuid\": \"GPU-dd\", \"name\": \"Fake H100\"}]}", in: sandbox)
      let result = try await xpert(
        "s.toml", "--gpus", "auto", in: sandbox, environment: environment)
      #expect(result.status == 0, "\(result.stderr)")
      #expect(try Self.devices(in: sandbox) == ["3"])
    }
  }
}
