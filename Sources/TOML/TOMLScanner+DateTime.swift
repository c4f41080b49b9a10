/// Offset date-times, local date-times, local dates and local times (RFC 3339).
extension TOMLScanner {
  /// Whether the value at `index` starts like a date (`DDDD-`) or a time (`DD:`).
  func startsDateOrTime(at index: Int) -> Bool {
    guard TOMLScanner.isDigit(byte(at: index)) && TOMLScanner.isDigit(byte(at: index + 1)) else {
      return false
    }
    if byte(at: index + 2) == UInt8(ascii: ":") { return true }
    return TOMLScanner.isDigit(byte(at: index + 2)) && TOMLScanner.isDigit(byte(at: index + 3))
      && byte(at: index + 4) == UInt8(ascii: "-")
  }

  /// Parses the date, time or date-time at `offset`.
  mutating func parseDateTime() throws(TOMLError) -> TOMLValue {
    let start = offset
    var index = start
    if byte(at: start + 2) == UInt8(ascii: ":") {
      let time = try parseTime(&index, start: start, kind: "time")
      try checkEnd(index, start: start, kind: "time")
      offset = index
      return .localTime(time)
    }
    let date = try parseDate(&index, start: start)
    let separator = byte(at: index)
    let hasTime =
      separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
      || (separator == UInt8(ascii: " ") && TOMLScanner.isDigit(byte(at: index + 1)))
    guard hasTime else {
      try checkEnd(index, start: start, kind: "date")
      offset = index
      return .localDate(date)
    }
    index += 1
    let time = try parseTime(&index, start: start, kind: "date-time")
    var offsetMinutes: Int?
    switch byte(at: index) {
    case UInt8(ascii: "Z"), UInt8(ascii: "z"):
      offsetMinutes = 0
      index += 1
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      let negative = byte(at: index) == UInt8(ascii: "-")
      guard let hours = number(at: index + 1, digits: 2),
        byte(at: index + 3) == UInt8(ascii: ":"),
        let minutes = number(at: index + 4, digits: 2)
      else {
        throw dateError(start, "date-time", "expected an offset like +HH:MM or -HH:MM")
      }
      guard hours <= 23 else {
        throw dateError(start, "date-time", "the offset's hours must be between 00 and 23")
      }
      guard minutes <= 59 else {
        throw dateError(start, "date-time", "the offset's minutes must be between 00 and 59")
      }
      offsetMinutes = (hours * 60 + minutes) * (negative ? -1 : 1)
      index += 6
    default:
      break
    }
    try checkEnd(index, start: start, kind: "date-time")
    offset = index
    let dateTime = TOMLDateTime(date: date, time: time, offsetMinutes: offsetMinutes)
    return offsetMinutes == nil ? .localDateTime(dateTime) : .offsetDateTime(dateTime)
  }

  /// `YYYY-MM-DD` at `index`, range-checked (days per month, leap years).
  private mutating func parseDate(_ index: inout Int, start: Int) throws(TOMLError) -> TOMLDate {
    guard let year = number(at: index, digits: 4), byte(at: index + 4) == UInt8(ascii: "-"),
      let month = number(at: index + 5, digits: 2), byte(at: index + 7) == UInt8(ascii: "-"),
      let day = number(at: index + 8, digits: 2), !TOMLScanner.isDigit(byte(at: index + 10))
    else { throw dateError(start, "date", "expected YYYY-MM-DD") }
    guard (1...12).contains(month) else {
      throw dateError(start, "date", "the month must be between 01 and 12")
    }
    let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let length: Int
    switch month {
    case 2: length = isLeap ? 29 : 28
    case 4, 6, 9, 11: length = 30
    default: length = 31
    }
    guard (1...length).contains(day) else {
      let yearMonth = string(index..<index + 7)
      throw dateError(start, "date", "the day must be between 01 and \(length) in \(yearMonth)")
    }
    index += 10
    return TOMLDate(year: year, month: month, day: day)
  }

  /// `HH:MM:SS` with an optional fraction at `index`; fraction digits past the ninth are
  /// dropped.
  private mutating func parseTime(
    _ index: inout Int, start: Int, kind: String
  ) throws(TOMLError) -> TOMLTime {
    guard let hour = number(at: index, digits: 2), byte(at: index + 2) == UInt8(ascii: ":"),
      let minute = number(at: index + 3, digits: 2), byte(at: index + 5) == UInt8(ascii: ":"),
      let second = number(at: index + 6, digits: 2), !TOMLScanner.isDigit(byte(at: index + 8))
    else { throw dateError(start, kind, "expected a time as HH:MM:SS") }
    guard hour <= 23 else { throw dateError(start, kind, "the hour must be between 00 and 23") }
    guard minute <= 59 else {
      throw dateError(start, kind, "the minute must be between 00 and 59")
    }
    guard second <= 60 else {
      throw dateError(start, kind, "the second must be between 00 and 60")
    }
    index += 8
    var nanosecond = 0
    var fractionDigits = 0
    if byte(at: index) == UInt8(ascii: ".") {
      index += 1
      guard TOMLScanner.isDigit(byte(at: index)) else {
        throw dateError(start, kind, "expected a digit after \".\"")
      }
      while TOMLScanner.isDigit(byte(at: index)) {
        if fractionDigits < 9 {
          nanosecond = nanosecond * 10 + Int(byte(at: index) - UInt8(ascii: "0"))
          fractionDigits += 1
        }
        index += 1
      }
      for _ in fractionDigits..<9 { nanosecond *= 10 }
    }
    return TOMLTime(
      hour: hour, minute: minute, second: second, nanosecond: nanosecond,
      fractionDigits: fractionDigits)
  }

  /// The value of `digits` decimal digits at `index`, or nil when they are not all digits.
  private func number(at index: Int, digits: Int) -> Int? {
    var value = 0
    for position in index..<index + digits {
      let digit = byte(at: position)
      guard TOMLScanner.isDigit(digit) else { return nil }
      value = value * 10 + Int(digit - UInt8(ascii: "0"))
    }
    return value
  }

  /// Requires the value to end at `index`.
  private mutating func checkEnd(_ index: Int, start: Int, kind: String) throws(TOMLError) {
    let next = byte(at: index)
    guard TOMLScanner.isTokenByte(next) || next == UInt8(ascii: ":") else { return }
    throw dateError(start, kind, "unexpected \(describe(at: index))")
  }

  /// An error about the date-time value that starts at `start`.
  private mutating func dateError(_ start: Int, _ kind: String, _ detail: String) -> TOMLError {
    var end = start
    while TOMLScanner.isTokenByte(byte(at: end)) || byte(at: end) == UInt8(ascii: ":")
      || (byte(at: end) == UInt8(ascii: " ") && TOMLScanner.isDigit(byte(at: end + 1))
        && end > start && TOMLScanner.isDigit(byte(at: end - 1)))
    {
      end += 1
    }
    return error("invalid \(kind) \"\(tokenText(start..<end))\": \(detail)", at: start)
  }
}
