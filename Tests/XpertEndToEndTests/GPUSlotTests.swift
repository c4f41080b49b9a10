import Foundation
import Testing
import XpertTestSupport

@Suite struct GPUSlotTests {
  struct Interval {
    var device: String
    var start: Int
    var end: Int
  }

  @Test func gpuEntriesAreNeverOverbooked() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo \\"$CUDA_VISIBLE_DEVICES $CUDA_DEVICE_ORDER $(date +%s%N)\\"; sleep 0.{t}; date +%s%N"
        uid = "out/{i}-{t}"
        i = [1, 2, 3, 4, 5, 6]
        t = [1, 3]

        [flags]
        num_proc = 8
        gpu_indices = ["0", "1,2", 1, "1,2"]
        """, to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox)
      #expect(result.status == 0, "\(result.stderr)")
      #expect(
        result.lines.filter {
          $0.hasPrefix("warning: num_proc is 8 but the 4 GPU entries hold 4 jobs at once")
        }
        .count == 1)
      var intervals: [Interval] = []
      for directory in sandbox.list("out") {
        let name = logs(in: "out/" + directory, of: sandbox).first { $0.hasPrefix("stdout") }!
        let words = try sandbox.read("out/\(directory)/\(name)").split(
          whereSeparator: \.isWhitespace)
        #expect(words.count == 4 && words[1] == "PCI_BUS_ID")
        intervals.append(
          Interval(device: String(words[0]), start: Int(words[2])!, end: Int(words[3])!))
      }
      #expect(intervals.count == 12)
      let capacity = ["0": 1, "1": 1, "1,2": 2]
      #expect(Set(intervals.map(\.device)) == Set(capacity.keys))
      for interval in intervals {
        let overlapping = intervals.filter {
          $0.device == interval.device && $0.start <= interval.start && interval.start < $0.end
        }
        #expect(overlapping.count <= capacity[interval.device]!, "\(interval.device) overbooked")
      }
    }
  }

  @Test func withoutGPUEntriesTheGPUVariablesAreLeftAlone() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"echo ${{CUDA_VISIBLE_DEVICES-unset}} ${{CUDA_DEVICE_ORDER-unset}}\"\nuid = \"o\"\n",
        to: "s.toml")
      let result = try await xpert("s.toml", "--gpus", "3;5,6", "-j", "1", in: sandbox)
      #expect(result.status == 0)
      let name = logs(in: "o", of: sandbox).first { $0.hasPrefix("stdout") }!
      #expect(try sandbox.read("o/" + name) == "3 PCI_BUS_ID\n")
      let before = Set(logs(in: "o", of: sandbox))
      let plain = try await xpert("s.toml", "--restart", in: sandbox)
      #expect(plain.status == 0)
      let newest = Set(logs(in: "o", of: sandbox)).subtracting(before).first {
        $0.hasPrefix("stdout")
      }
      #expect(try sandbox.read("o/" + (newest ?? "missing")) == "unset unset\n")
    }
  }

  @Test func aJobThatCannotStartFailsAndReturnsItsSlot() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("", to: "blocker")
      try sandbox.write(
        """
        cmd = "echo {d}"
        uid = "{d}/job"
        d = ["blocker", "ok1", "ok2"]

        [flags]
        gpu_indices = ["0"]
        """, to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox)
      #expect(result.status == 1)
      #expect(
        result.lines.contains {
          $0.hasPrefix("[FAILED] echo blocker (could not start: cannot create the directory")
            && $0.contains("Not a directory")
        })
      #expect(sandbox.exists("ok1/job/completed.flag") && sandbox.exists("ok2/job/completed.flag"))
      #expect(result.lines.contains("Successfully completed [2/3]"))
    }
  }
}

@Suite struct StartFailureTests {
  @Test func aCommandTooLongToStartFailsAndTheOthersRun() async throws {
    try await withSandbox { sandbox in
      let long = String(repeating: "x", count: 200_000)
      try sandbox.write(
        "cmd = \"echo {v}\"\nuid = \"o/{n}\"\nn = \"{v:.1}\"\nv = [\"\(long)\", \"short\"]\n"
          + "[flags]\ngpu_indices = [\"0\"]\n", to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox)
      #expect(result.status == 1)
      #expect(result.lines.contains { $0.contains("could not start: cannot start /bin/sh") })
      #expect(sandbox.exists("o/s/completed.flag"))
      #expect(try sandbox.read("o/x/xpert-record.json").contains("\"status\": \"failed\""))
    }
  }

  @Test func pathGlobsMatchRealFilesSortedAndAbsolute() async throws {
    try await withSandbox { sandbox in
      for name in ["b.csv", "a.csv", "c.txt"] { try sandbox.write(name, to: "data/" + name) }
      try sandbox.write(
        """
        cmd = "echo {data}"
        uid = "o/{n}"
        n = "{data}"
        data = { value = "data/*.csv", type = "path" }
        """, to: "s.toml")
      let result = try await xpert("list", "s.toml", in: sandbox)
      #expect(result.status == 0)
      #expect(
        result.lines.map { $0.split(separator: " ").last.map(String.init) }
          == ["\(sandbox.path)/data/a.csv", "\(sandbox.path)/data/b.csv"])
    }
  }

  @Test func colourOnATerminalUnlessNoColorIsSet() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"true\"\nuid = \"o\"\n", to: "s.toml")
      let command = "\(BuiltProducts.path(of: "xpert")) s.toml --restart"
      let coloured = try await XpertProcess.run(
        ["-qec", command, "/dev/null"], in: sandbox.path, environment: ["NO_COLOR": ""],
        executable: "/usr/bin/script")
      #expect(coloured.stdout.contains("\u{1B}[32m[SUCCESS]"))
      let plain = try await XpertProcess.run(
        ["-qec", command, "/dev/null"], in: sandbox.path, environment: ["NO_COLOR": "1"],
        executable: "/usr/bin/script")
      #expect(plain.stdout.contains("[SUCCESS]") && !plain.stdout.contains("\u{1B}[32m"))
    }
  }
}
