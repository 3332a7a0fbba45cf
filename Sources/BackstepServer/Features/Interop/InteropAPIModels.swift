import BackstepCore
import BackstepInterop
import Foundation

/// The JSON body of `POST /api/v1/sessions/import` (schema `ImportRequest`).
struct ImportRequest: Codable, Sendable {
    /// One file.
    struct File: Codable, Sendable {
        /// Its name (the extension helps recognise CSV).
        var name: String
        /// Its bytes, base64.
        var contentBase64: String
    }
    /// `backward` or `forward` for files that don't say; absent: such files are skipped with that reason.
    var direction: String?
    /// The files.
    var files: [File]

    /// The files' bytes.
    /// - Throws: `AppError` for a file that is not valid base64 (field `files.<index>.contentBase64`).
    func uploadedFiles() throws -> [UploadedFile] {
        var decoded: [UploadedFile] = []
        for (index, file) in files.enumerated() {
            guard let data = Data(base64Encoded: file.contentBase64) else {
                throw AppError.invalid("files.\(index).contentBase64", "The file '\(file.name)' is not valid base64.")
            }
            decoded.append(UploadedFile(name: file.name, bytes: [UInt8](data)))
        }
        return decoded
    }
}

/// What happened to each file of an import (schema `ImportSummary`), from the `ImportReport` the service and
/// `backstep import --json` share.
struct ImportResponse: Codable, Sendable {
    /// One imported file and the stored session.
    struct Imported: Codable, Sendable {
        var file: String
        var sessionId: SessionID
        var name: String
        var format: String
        var fingerprint: String
        var warnings: [String]
    }

    /// One duplicate file; `sameAs` names the earlier file of the upload, absent when already stored.
    struct Duplicate: Codable, Sendable {
        var file: String
        var fingerprint: String
        var sameAs: String?
    }

    /// One skipped file and why.
    struct Skipped: Codable, Sendable {
        var file: String?
        var kind: String
        var format: String?
        var location: String?
        var problem: String
    }

    var imported: [Imported]
    var duplicates: [Duplicate]
    var skipped: [Skipped]

    init(imported: [Imported], duplicates: [Duplicate], skipped: [Skipped]) {
        self.imported = imported
        self.duplicates = duplicates
        self.skipped = skipped
    }

    init(_ report: ImportReport) {
        imported = report.imported.map {
            Imported(
                file: $0.file, sessionId: $0.sessionId, name: $0.name, format: $0.format, fingerprint: $0.fingerprint,
                warnings: $0.warnings)
        }
        duplicates = report.duplicates.map { Duplicate(file: $0.file, fingerprint: $0.fingerprint, sameAs: $0.sameAs) }
        skipped = report.skipped.map {
            Skipped(file: $0.file, kind: $0.kind, format: $0.format, location: $0.location, problem: $0.problem)
        }
    }
}
