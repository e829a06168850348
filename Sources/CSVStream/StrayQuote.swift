/// Whether a record's bytes hold a quote that closes a quoted value and is then followed by
/// more text (`"quoted" word`). libcsv, not strict, takes such a quote for part of the value and
/// stays inside the quotes, so the value runs on over the next lines until some later quote.
/// A file written by a spreadsheet never has one: there a quote inside a quoted value is
/// doubled, and the closing quote is followed by the delimiter or the end of the line.
enum StrayQuote {
    static func isIn(_ bytes: ArraySlice<UInt8>, delimiter: UInt8) -> Bool {
        let quote = UInt8(ascii: "\"")
        var index = bytes.startIndex
        var atFieldStart = true
        var quoted = false
        while index < bytes.endIndex {
            let byte = bytes[index]
            if quoted {
                if byte == quote {
                    let next = index + 1 < bytes.endIndex ? bytes[index + 1] : nil
                    switch next {
                    case quote?: index += 1
                    case nil, delimiter?, 0x0A?, 0x0D?: quoted = false
                    default: return true
                    }
                }
            } else if byte == delimiter || byte == 0x0A || byte == 0x0D {
                atFieldStart = true
                index += 1
                continue
            } else if atFieldStart && byte == quote {
                quoted = true
            }
            atFieldStart = false
            index += 1
        }
        return false
    }
}
