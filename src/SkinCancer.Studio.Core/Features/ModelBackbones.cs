namespace SkinCancer.Studio.Core.Features;

/// <summary>
/// The backbone a fine-tuned model runs on: its own backbone.onnx (the shipped graph with fine-tuned weights), through
/// the same feature graph and session settings as the shipped one. The session of the model used last is kept for the
/// next prediction; an older one is left to the garbage collector rather than disposed, since another request may
/// still be running on it.
/// </summary>
public static class ModelBackbones
{
    private static readonly Lock Gate = new();
    private static (string Path, DateTime Written, ResNet18Backbone Backbone)? _last;

    public static ResNet18Backbone For(string backbonePath)
    {
        var written = File.GetLastWriteTimeUtc(backbonePath);
        lock (Gate)
        {
            if (_last is { } last && last.Path == backbonePath && last.Written == written) return last.Backbone;
            var backbone = new ResNet18Backbone(backbonePath);
            _last = (backbonePath, written, backbone);
            return backbone;
        }
    }
}
