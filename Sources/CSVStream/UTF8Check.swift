/// Where `bytes` stop being valid UTF-8, or nil when they are valid.
func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    do {
        // The standard library's validator (SE-0464) has a vectorised ASCII fast path.
        _ = try UTF8Span(validating: bytes.span)
        return nil
    } catch {
        return error.byteOffsets.lowerBound
    }
}

/// Whether `bytes` are valid UTF-8.
public func isValidUTF8<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
    if let answer = bytes.withContiguousStorageIfAvailable({ firstInvalidUTF8($0) == nil }) { return answer }
    return Array(bytes).withUnsafeBufferPointer { firstInvalidUTF8($0) == nil }
}

/// An encoding that is not UTF-8, as told from a file's first bytes.
public struct ForeignEncoding: Sendable, Equatable {
    /// What the file is and how that was told, for the user.
    public var description: String
    /// Its name for `iconv -f`.
    public var iconvName: String

    /// The encoding a file is in when its first bytes show that it is not UTF-8 at all: a
    /// UTF-16 or UTF-32 byte-order mark (Excel's "Unicode Text" is UTF-16 LE with one). Read as
    /// UTF-8, such a file gives column names full of NUL bytes and not one usable row.
    public init?<C: Collection>(start bytes: C) where C.Element == UInt8 {
        let start = Array(bytes.prefix(4))
        let marks: [([UInt8], String, String)] = [
            ([0xFF, 0xFE, 0x00, 0x00], "UTF-32 LE", "UTF-32"), ([0x00, 0x00, 0xFE, 0xFF], "UTF-32 BE", "UTF-32"),
            ([0xFF, 0xFE], "UTF-16 LE", "UTF-16"), ([0xFE, 0xFF], "UTF-16 BE", "UTF-16"),
        ]
        guard let (mark, name, iconv) = marks.first(where: { start.starts(with: $0.0) }) else { return nil }
        description = "\(name) (it opens with the byte-order mark \(mark.map { hex($0) }.joined(separator: " ")))"
        iconvName = iconv
    }

    /// UTF-16 without a byte-order mark, told by the NUL bytes of a first line: one beside
    /// every ASCII character, after it in little-endian, before it in big. A stray NUL in UTF-8
    /// text is not taken for that.
    public init?<C: Collection>(firstLine bytes: C) where C.Element == UInt8 {
        let nuls = bytes.reduce(0) { $1 == 0 ? $0 + 1 : $0 }
        guard let first = bytes.first, nuls > 0, nuls * 4 >= bytes.count else { return nil }
        iconvName = first == 0 ? "UTF-16BE" : "UTF-16LE"
        description = "\(iconvName) without a byte-order mark (its first line has NUL bytes)"
    }

    /// What to tell the user: what the file is, and how to convert it.
    public func advice(path: String) -> String {
        "\(path): the file is \(description), and enrich reads UTF-8. Save it as UTF-8 (in Excel: Save As, CSV UTF-8), or convert it: \(iconvCommand(from: iconvName, path: path))"
    }
}

/// The command that converts `path` from `encoding` to UTF-8, into a file with its extension.
func iconvCommand(from encoding: String, path: String) -> String {
    let name = path.split(separator: "/").last ?? ""
    let fileExtension = name.contains(".") ? String(name.split(separator: ".").last ?? "csv") : "csv"
    return "iconv -f \(encoding) -t UTF-8 \(path) > converted.\(fileExtension)"
}

private func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}
