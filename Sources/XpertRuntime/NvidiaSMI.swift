import XpertCore
import XpertStore

#if canImport(Glibc)
  import Glibc
#endif

/// Asks `nvidia-smi` (found on PATH) which GPUs this machine has, through its documented CSV
/// query and `-L`, with a time limit: the one way Xpert learns about GPUs, so that a fake on
/// PATH stands in for it in tests.
public enum NvidiaSMI {
  /// How long one call may take.
  public static let timeLimit: Double = 20

  /// Why the GPUs could not be found.
  public struct Failure: Error, Sendable {
    /// What happened, with the command and its output.
    public var message: String
  }

  /// The GPUs and their MIG devices.
  public static func inventory() throws(Failure) -> GPUInventory {
    let query = [
      "nvidia-smi", "--query-gpu=" + GPUInventory.queryFields,
      "--format=csv,noheader,nounits",
    ]
    var inventory: GPUInventory
    do {
      inventory = try GPUInventory.parse(query: try output(of: query))
    } catch let failure as Failure {
      throw failure
    } catch let unreadable as GPUInventory.Unreadable {
      throw Failure(
        message: "`\(query.joined(separator: " "))` printed what Xpert cannot read: "
          + unreadable.message)
    } catch {
      throw Failure(message: "\(error)")
    }
    if inventory.devices.isEmpty {
      throw Failure(message: "`nvidia-smi` lists no GPU on this machine")
    }
    inventory.addMIG(list: try output(of: ["nvidia-smi", "-L"]))
    return inventory
  }

  private static func output(of arguments: [String]) throws(Failure) -> String {
    let result: ToolCommand.Output
    do {
      result = try ToolCommand.run(arguments, timeout: timeLimit)
    } catch {
      if error.code == ENOENT {
        throw Failure(message: "`nvidia-smi` is not on PATH (it comes with the NVIDIA driver)")
      }
      throw Failure(message: "`\(arguments.joined(separator: " "))`: \(error)")
    }
    guard result.succeeded else {
      let said = (result.stderr + result.stdout).split(whereSeparator: \.isNewline).prefix(3)
        .joined(separator: " / ")
      throw Failure(
        message: "`\(arguments.joined(separator: " "))` exited with status \(result.status)"
          + (said.isEmpty ? "" : ": \(said)"))
    }
    return result.stdout
  }
}
