/// A decoded message in the typed layer: one case per profile message Backstep uses, raw otherwise.
public enum FITTypedMessage: Sendable, Equatable {
    /// `file_id` (0).
    case fileId(FileIdMessage)
    /// `file_creator` (49).
    case fileCreator(FileCreatorMessage)
    /// `device_info` (23).
    case deviceInfo(DeviceInfoMessage)
    /// `event` (21).
    case event(EventMessage)
    /// `record` (20).
    case record(RecordMessage)
    /// `lap` (19).
    case lap(LapMessage)
    /// `session` (18).
    case session(SessionMessage)
    /// `activity` (34).
    case activity(ActivityMessage)
    /// `workout` (26).
    case workout(WorkoutMessage)
    /// `workout_step` (27).
    case workoutStep(WorkoutStepMessage)
    /// `developer_data_id` (207).
    case developerDataId(DeveloperDataIdMessage)
    /// `field_description` (206).
    case fieldDescription(FieldDescriptionMessage)
    /// Any other message, kept raw.
    case unknown(FITMessage)

    /// Converts a raw message, reporting unknown messages and fields as diagnostics.
    /// - Parameters:
    ///   - message: the raw message.
    ///   - diagnostics: receives `unknownMessage`, `unknownField` and `unexpectedFieldValue` diagnostics.
    public init(_ message: FITMessage, diagnostics: inout [FITDiagnostic]) {
        switch message.globalMessageNumber {
        case FileIdMessage.globalMessageNumber: self = .fileId(FileIdMessage(message, diagnostics: &diagnostics))
        case FileCreatorMessage.globalMessageNumber:
            self = .fileCreator(FileCreatorMessage(message, diagnostics: &diagnostics))
        case DeviceInfoMessage.globalMessageNumber:
            self = .deviceInfo(DeviceInfoMessage(message, diagnostics: &diagnostics))
        case EventMessage.globalMessageNumber: self = .event(EventMessage(message, diagnostics: &diagnostics))
        case RecordMessage.globalMessageNumber: self = .record(RecordMessage(message, diagnostics: &diagnostics))
        case LapMessage.globalMessageNumber: self = .lap(LapMessage(message, diagnostics: &diagnostics))
        case SessionMessage.globalMessageNumber: self = .session(SessionMessage(message, diagnostics: &diagnostics))
        case ActivityMessage.globalMessageNumber:
            self = .activity(ActivityMessage(message, diagnostics: &diagnostics))
        case WorkoutMessage.globalMessageNumber: self = .workout(WorkoutMessage(message, diagnostics: &diagnostics))
        case WorkoutStepMessage.globalMessageNumber:
            self = .workoutStep(WorkoutStepMessage(message, diagnostics: &diagnostics))
        case DeveloperDataIdMessage.globalMessageNumber:
            self = .developerDataId(DeveloperDataIdMessage(message, diagnostics: &diagnostics))
        case FieldDescriptionMessage.globalMessageNumber:
            self = .fieldDescription(FieldDescriptionMessage(message, diagnostics: &diagnostics))
        default:
            diagnostics.append(FITDiagnostic(.unknownMessage(globalMessageNumber: message.globalMessageNumber)))
            self = .unknown(message)
        }
    }

    /// The raw message to encode.
    public func fitMessage() -> FITMessage {
        switch self {
        case .fileId(let message): message.fitMessage()
        case .fileCreator(let message): message.fitMessage()
        case .deviceInfo(let message): message.fitMessage()
        case .event(let message): message.fitMessage()
        case .record(let message): message.fitMessage()
        case .lap(let message): message.fitMessage()
        case .session(let message): message.fitMessage()
        case .activity(let message): message.fitMessage()
        case .workout(let message): message.fitMessage()
        case .workoutStep(let message): message.fitMessage()
        case .developerDataId(let message): message.fitMessage()
        case .fieldDescription(let message): message.fitMessage()
        case .unknown(let message): message
        }
    }
}

extension FITDecodeResult {
    /// Every message of every file in the typed layer, with the decoder's diagnostics followed by the
    /// typed layer's (unknown messages and fields).
    public func typedMessages() -> (messages: [FITTypedMessage], diagnostics: [FITDiagnostic]) {
        var diagnostics = self.diagnostics
        let typed = messages.map { FITTypedMessage($0, diagnostics: &diagnostics) }
        return (typed, diagnostics)
    }
}
