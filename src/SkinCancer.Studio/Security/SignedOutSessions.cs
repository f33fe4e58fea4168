using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Security;

/// <summary>
/// Sessions ended by "Sign out". A copy of a signed-out cookie (kept by the browser, or taken from it) must not sign
/// anyone in again, so its session id is remembered until the cookie would have expired anyway, in the workspace
/// (access/signed-out.txt, one "id expiry" line each) so that a restart does not forget it.
/// </summary>
public sealed class SignedOutSessions
{
    public const string ClaimType = "studio:session";

    private readonly string _file;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);

    public SignedOutSessions(ProjectFolders folders)
    {
        _file = Path.Combine(folders.Workspace, "access", "signed-out.txt");
        if (!File.Exists(_file)) return;
        foreach (var line in File.ReadAllLines(_file))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && DateTimeOffset.TryParse(parts[1], out var expiry)) _ended[parts[0]] = expiry;
        }
    }

    public static string NewSessionId() => CatalogueIds.New();

    public bool IsEnded(string sessionId)
    {
        lock (_gate) return _ended.ContainsKey(sessionId);
    }

    public void End(string sessionId, DateTimeOffset cookieExpiry)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var expired in _ended.Where(e => e.Value < now).Select(e => e.Key).ToArray()) _ended.Remove(expired);
            _ended[sessionId] = cookieExpiry;
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            var temporary = _file + ".tmp";
            File.WriteAllLines(temporary, _ended.Select(e => $"{e.Key} {e.Value:O}"));
            File.Move(temporary, _file, overwrite: true);
        }
    }
}
