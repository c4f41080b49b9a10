import TOML
import Testing

@testable import XpertCore

@Suite struct TemplateTests {
  static let context: [String: TOMLValue] = [
    "seed": .integer(7), "lr": .float(0.001), "name": .string("bert"),
    "path": .string("a b's"), "flag": .boolean(true), "big": .integer(1_234_567),
    "neg": .float(-2.5), "ratio": .float(0.25), "list": .array([]),
  ]

  static func render(_ text: String) throws -> String {
    let template = try Template(parsing: text)
    var result = ""
    for segment in template.segments {
      switch segment {
      case .literal(let literal): result += literal
      case .placeholder(let placeholder):
        let value = context[placeholder.key]!
        let resolved: JobResolver.Resolved =
          if case .string(let text) = value { .text(text) } else { .typed(value) }
        result += try JobResolver.format(resolved, placeholder)
      }
    }
    return result
  }

  @Test(arguments: [
    ("plain text", "plain text"),
    ("{seed}", "7"),
    ("run-{name}-{seed}", "run-bert-7"),
    ("{{literal}} {seed}", "{literal} 7"),
    ("}}{{", "}{"),
    ("{seed:03d}", "007"),
    ("{seed:>4}", "   7"),
    ("{seed:<4}|", "7   |"),
    ("{seed:^5}", "  7  "),
    ("{seed:*^5}", "**7**"),
    ("{seed:+d}", "+7"),
    ("{seed:x}", "7"),
    ("{big:,}", "1,234,567"),
    ("{big:_}", "1_234_567"),
    ("{big:#x}", "0x12d687"),
    ("{seed:b}", "111"),
    ("{seed:.2f}", "7.00"),
    ("{lr:.1e}", "1.0e-03"),
    ("{lr:e}", "1.000000e-03"),
    ("{lr:.3f}", "0.001"),
    ("{lr:g}", "0.001"),
    ("{lr}", "0.001"),
    ("{lr:.3}", "0.001"),
    ("{neg:08.2f}", "-0002.50"),
    ("{ratio:.0%}", "25%"),
    ("{name:>8}", "    bert"),
    ("{name:.2}", "be"),
    ("{name!q}", "bert"),
    ("{path!q}", "'a b'\"'\"'s'"),
    ("{flag}", "true"),
    ("{list}", "[]"),
  ])
  func rendersLikePython(template: String, expected: String) throws {
    #expect(try Self.render(template) == expected)
  }

  @Test(arguments: [
    ("{seed", "\"{\" is never closed"),
    ("a } b", "single \"}\""),
    ("{}", "empty placeholder"),
    ("{seed!x}", "unknown conversion \"!x\""),
    ("{seed:03q}", "not valid"),
    ("{seed:.}", "without digits"),
  ])
  func rejectsMalformedTemplates(template: String, message: String) {
    #expect {
      _ = try Template(parsing: template)
    } throws: { error in
      (error as? Template.Invalid)?.message.contains(message) == true
    }
  }

  @Test(arguments: [
    ("{lr:d}", "needs an integer"),
    ("{name:d}", "needs a number"),
    ("{seed:.2d}", "precision is not allowed"),
    ("{name:+}", "apply to numbers"),
  ])
  func rejectsSpecsThatDoNotFitTheValue(template: String, message: String) {
    #expect {
      _ = try Self.render(template)
    } throws: { error in
      (error as? FormatSpec.Invalid)?.message.contains(message) == true
    }
  }

  @Test func placeholderOffsetsCountUnicodeScalars() throws {
    let template = try Template(parsing: "é{seed} {lr}")
    #expect(template.placeholders.map(\.offset) == [1, 8])
  }
}
