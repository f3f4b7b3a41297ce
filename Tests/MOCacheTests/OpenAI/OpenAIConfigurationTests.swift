import Foundation
import MOCache
import Testing

@testable import MOCacheOpenAI

@Suite("OpenAI configuration and the API key")
struct OpenAIConfigurationTests {
    @Test("The environment gives the key, the base URL and the organization and project headers")
    func environment() throws {
        let configuration = try OpenAIConfiguration.fromEnvironment([
            "OPENAI_API_KEY": " sk-secret-123 \n", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1/",
            "OPENAI_ORG_ID": "org-1", "OPENAI_PROJECT_ID": "",
        ])
        #expect(configuration.apiKey.secret == "sk-secret-123")
        #expect(configuration.baseURL == "http://127.0.0.1:9/v1")
        #expect(configuration.organization == "org-1")
        #expect(configuration.project == nil)
        let defaults = try OpenAIConfiguration.fromEnvironment(["OPENAI_API_KEY": "k", "OPENAI_BASE_URL": ""])
        #expect(defaults.baseURL == "https://api.openai.com/v1")
    }

    @Test("No key, or a base URL that is not http(s), is a clear error")
    func errors() {
        for environment in [[:], ["OPENAI_API_KEY": "  "]] {
            #expect {
                try OpenAIConfiguration.fromEnvironment(environment)
            } throws: { error in
                (error as? OpenAIError)?.code == .missingAPIKey && "\(error)".contains("OPENAI_API_KEY is not set")
            }
        }
        for url in ["ftp://host/v1", "localhost:8000", "http://"] {
            #expect {
                try OpenAIConfiguration.fromEnvironment(["OPENAI_API_KEY": "k", "OPENAI_BASE_URL": url])
            } throws: { error in
                (error as? OpenAIError)?.code == .invalidConfiguration
            }
        }
    }

    @Test("A key never shows itself: description, interpolation, dump, mirrors; redact takes it out")
    func keyNeverShows() {
        let secret = "sk-very-secret-0123456789"
        let key = OpenAIAPIKey(secret)
        let configuration = OpenAIConfiguration(apiKey: key)
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in [
            key.description, "\(key)", String(reflecting: key), dumped, "\(configuration)",
            String(describing: Mirror(reflecting: key).children.map(\.value)),
        ] {
            #expect(!text.contains(secret), "\(text)")
        }
        #expect(key.redact("bad key \(secret)!") == "bad key [redacted API key]!")
    }
}
