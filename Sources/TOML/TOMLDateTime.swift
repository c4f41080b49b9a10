/// A calendar date, as in `1979-05-27`.
public struct TOMLDate: Sendable, Hashable, CustomStringConvertible {
  /// The year, 0...9999.
  public var year: Int
  /// The month, 1...12.
  public var month: Int
  /// The day of the month, 1...31 (checked against the month and leap years).
  public var day: Int

  /// Creates a date; the parser checks ranges, this initializer does not.
  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }
}

/// A time of day, as in `07:32:00.999999`.
public struct TOMLTime: Sendable, Hashable, CustomStringConvertible {
  /// The hour, 0...23.
  public var hour: Int
  /// The minute, 0...59.
  public var minute: Int
  /// The second, 0...60 (60 for a leap second).
  public var second: Int
  /// The fraction of the second in nanoseconds (digits past the ninth are truncated).
  public var nanosecond: Int
  /// How many fraction digits the source had (at most 9); 0 when it had none.
  public var fractionDigits: Int

  /// Creates a time; the parser checks ranges, this initializer does not.
  public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0, fractionDigits: Int = 0) {
    self.hour = hour
    self.minute = minute
    self.second = second
    self.nanosecond = nanosecond
    self.fractionDigits = fractionDigits
  }

  /// `HH:MM:SS` with the source's fraction digits, if any (at most 9).
  public var description: String {
    var text = "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
    let digits = min(fractionDigits, 9)
    if digits > 0 {
      var scaled = nanosecond
      for _ in digits..<9 { scaled /= 10 }
      text += "." + pad(scaled, digits)
    }
    return text
  }
}

/// A date and a time, with an offset from UTC for an offset date-time.
public struct TOMLDateTime: Sendable, Hashable, CustomStringConvertible {
  /// The date.
  public var date: TOMLDate
  /// The time of day.
  public var time: TOMLTime
  /// Minutes east of UTC; `nil` for a local date-time. `Z` is 0.
  public var offsetMinutes: Int?

  /// Creates a date-time.
  public init(date: TOMLDate, time: TOMLTime, offsetMinutes: Int? = nil) {
    self.date = date
    self.time = time
    self.offsetMinutes = offsetMinutes
  }

  /// RFC 3339: `1979-05-27T07:32:00Z`, `1979-05-27T00:32:00-07:00`, or without offset.
  public var description: String {
    var text = "\(date)T\(time)"
    if let offset = offsetMinutes {
      if offset == 0 {
        text += "Z"
      } else {
        let magnitude = abs(offset)
        text += (offset < 0 ? "-" : "+") + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
      }
    }
    return text
  }
}

private func pad(_ number: Int, _ width: Int) -> String {
  let digits = String(number)
  return digits.count >= width
    ? digits : String(repeating: "0", count: width - digits.count) + digits
}
