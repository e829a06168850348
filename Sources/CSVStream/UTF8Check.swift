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
