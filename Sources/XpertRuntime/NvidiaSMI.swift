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

  /// The program: `$XPERT_NVIDIA_SMI` (a path or a name on PATH), else `nvidia-smi` on PATH.
  public static var program: String {
    guard let value = getenv("XPERT_NVIDIA_SMI").map({ String(cString: $0) }), !value.isEmpty
    else { return "nvidia-smi" }
    return value
  }

  /// Why the GPUs could not be found.
  public struct Failure: Error, Sendable {
    /// What happened, with the command and its output.
    public var message: String
    /// Whether `nvidia-smi` is not on PATH at all.
    public var isMissing = false
  }

  /// The GPUs and their MIG devices.
  public static func inventory(timeLimit: Double = timeLimit) throws(Failure) -> GPUInventory {
    let query = [
      program, "--query-gpu=" + GPUInventory.queryFields,
      "--format=csv,noheader,nounits",
    ]
    var inventory: GPUInventory
    do {
      inventory = try GPUInventory.parse(query: try output(of: query, timeLimit: timeLimit))
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
    inventory.addMIG(list: try output(of: [program, "-L"], timeLimit: timeLimit))
    return inventory
  }

  /// The GPUs' memory and compute processes now (two calls, each limited to `timeLimit`
  /// seconds).
  public static func activity(timeLimit: Double = timeLimit) throws(Failure) -> GPUActivity {
    let memory = [
      program, "--query-gpu=" + GPUActivity.memoryFields, "--format=csv,noheader,nounits",
    ]
    let processes = [
      program, "--query-compute-apps=" + GPUActivity.processFields,
      "--format=csv,noheader,nounits",
    ]
    let memoryText = try output(of: memory, timeLimit: timeLimit)
    let processText = try output(of: processes, timeLimit: timeLimit)
    do {
      return try GPUActivity.parse(memory: memoryText, processes: processText)
    } catch {
      throw Failure(
        message: "`nvidia-smi --query-gpu` or `--query-compute-apps` printed what Xpert cannot "
          + "read: " + error.message)
    }
  }

  private static func output(of arguments: [String], timeLimit: Double = timeLimit)
    throws(Failure) -> String
  {
    let result: ToolCommand.Output
    do {
      result = try ToolCommand.run(arguments, timeout: timeLimit)
    } catch {
      if error.code == ENOENT {
        throw Failure(
          message: program == "nvidia-smi"
            ? "`nvidia-smi` is not on PATH (it comes with the NVIDIA driver)"
            : "`\(program)` (XPERT_NVIDIA_SMI) is not there", isMissing: true)
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
