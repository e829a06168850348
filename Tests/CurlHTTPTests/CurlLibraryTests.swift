import CurlHTTP
import Testing

@Suite struct CurlLibraryTests {
    @Test func linkedLibcurlSpeaksHTTPAndHTTPS() {
        #expect(CurlLibrary.initialise())
        let info = CurlLibrary.info
        #expect(info.protocols.contains("http"))
        #expect(info.protocols.contains("https"))
        #expect(info.ssl != nil, "TLS must be available: providers are HTTPS")
        #expect(info.compression)
        #expect(!info.version.isEmpty)
    }
}
