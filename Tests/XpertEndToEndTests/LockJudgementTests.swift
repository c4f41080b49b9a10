import Foundation
import Testing
import XpertTestSupport

@testable import XpertStore

/// How a lock is judged: by its runner's pid only where that pid means the same process.
@Suite struct LockJudgementTests {
  static let here = JobLock(host: JobLock.hostName(), pid: getpid(), timeout: 60)
  /// A pid that no process has.
  static let deadPid: Int32 = 4_194_300

  /// Writes a lock for `owner` into `sandbox/job`, with a heartbeat `age` seconds old.
  static func lock(
    _ owner: LockOwner, age: Double, in sandbox: TemporaryDirectory
  ) throws -> JobDirectory {
    let path = try sandbox.write(owner.text, to: "job/xpert.lock")
    let when = Date().addingTimeInterval(-age)
    try FileManager.default.setAttributes([.modificationDate: when], ofItemAtPath: path)
    return JobDirectory(path: sandbox.path + "/job")
  }

  static func owner(pid: Int32, start: UInt64?, namespace: String?) -> LockOwner {
    LockOwner(
      host: here.host, pid: pid, start: start, boot: LockOwner.currentBoot,
      pidNamespace: namespace)
  }

  @Test func aDeadRunnerOfThisHostLosesItsLockAtOnce() throws {
    let sandbox = try TemporaryDirectory()
    defer { sandbox.remove() }
    let directory = try Self.lock(
      Self.owner(pid: Self.deadPid, start: 1, namespace: LockOwner.currentPIDNamespace), age: 0,
      in: sandbox)
    #expect(Self.here.state(directory) == .abandoned)
  }

  @Test func aLiveRunnerOfThisHostKeepsItsLockHoweverOldItsHeartbeat() throws {
    let sandbox = try TemporaryDirectory()
    defer { sandbox.remove() }
    // Our parent: alive, with its real start time (a runner stopped with Ctrl-Z looks so).
    let parent = getppid()
    let directory = try Self.lock(
      Self.owner(
        pid: parent, start: ProcessIdentity.startTime(of: parent),
        namespace: LockOwner.currentPIDNamespace), age: 3600, in: sandbox)
    #expect(Self.here.state(directory) == .held)
  }

  @Test func aReusedPidDoesNotKeepALock() throws {
    let sandbox = try TemporaryDirectory()
    defer { sandbox.remove() }
    let parent = getppid()
    let start = ProcessIdentity.startTime(of: parent)! + 1
    let directory = try Self.lock(
      Self.owner(pid: parent, start: start, namespace: LockOwner.currentPIDNamespace), age: 0,
      in: sandbox)
    #expect(Self.here.state(directory) == .abandoned)
  }

  @Test func aRunnerInAnotherPIDNamespaceIsJudgedByItsHeartbeatAlone() throws {
    let sandbox = try TemporaryDirectory()
    defer { sandbox.remove() }
    let other = Self.owner(pid: Self.deadPid, start: 5, namespace: "pid:[1]")
    #expect(Self.here.state(try Self.lock(other, age: 0, in: sandbox)) == .held)
    #expect(Self.here.state(try Self.lock(other, age: 120, in: sandbox)) == .abandoned)
  }

  @Test func aLockTakenOverByAnotherRunnerIsNeitherReleasedNorRefreshed() throws {
    let sandbox = try TemporaryDirectory()
    defer { sandbox.remove() }
    let other = Self.owner(pid: Self.deadPid, start: 5, namespace: "pid:[1]")
    let directory = try Self.lock(other, age: 0, in: sandbox)
    #expect(!Self.here.isOurs(directory))
    #expect(!Self.here.beat(directory))
    Self.here.release(directory)
    #expect(sandbox.exists("job/xpert.lock"))
  }

  @Test func formatOneLocksReadAsBefore() throws {
    let sandbox = try TemporaryDirectory()
    defer { sandbox.remove() }
    let path = try sandbox.write(
      "xpert-lock 1\nhost=\(Self.here.host)\npid=\(Self.deadPid)\n", to: "job/xpert.lock")
    _ = path
    #expect(Self.here.state(JobDirectory(path: sandbox.path + "/job")) == .abandoned)
  }
}
