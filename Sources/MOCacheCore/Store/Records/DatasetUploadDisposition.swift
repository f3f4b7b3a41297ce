/// What importing one dataset upload did to the store: the upload counterpart of
/// ``ImportDisposition`` (an upload is not an entry and has no id).
public enum DatasetUploadDisposition: Hashable, Sendable {
    /// No file was recorded for the backend and dataset: the upload was added.
    case inserted
    /// The same file id was recorded already.
    case unchanged
    /// Another file id was recorded, and the import was asked to overwrite it.
    case replaced
    /// Another file id is recorded and was kept.
    case conflict
}
