import BackstepCore
import Foundation

/// A catalog program as the API shows it (schema `Program`).
struct ProgramResponse: Codable, Sendable {
    var id: String
    var name: String
    var summary: String
    var audience: String
    var trains: [String]
    var safetyNotes: [String]
    var evidence: [CitationResponse]

    init(_ program: Program) {
        id = program.id
        name = program.name
        summary = program.summary
        audience = program.audience
        trains = program.trains
        safetyNotes = program.safetyNotes
        evidence = program.evidence.map(CitationResponse.init)
    }
}

/// A published source and what it found (schema `Citation`).
struct CitationResponse: Codable, Sendable {
    var source: String
    var finding: String

    init(source: String, finding: String) {
        self.source = source
        self.finding = finding
    }

    init(_ citation: Citation) { self.init(source: citation.source, finding: citation.finding) }
}
