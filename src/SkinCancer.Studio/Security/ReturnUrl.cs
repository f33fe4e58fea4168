using System.Text;

namespace SkinCancer.Studio.Web.Security;

/// <summary>
/// Where sign-in sends the browser afterwards. Only a local path is accepted, by the rules of ASP.NET Core's
/// Url.IsLocalUrl: it starts with one '/' (not "//" or "/\"), or with "~/", and holds no control character (a browser
/// drops a tab, so "/\t/host" would be read as "//host"). Anything else is home. Non-ASCII characters are percent-encoded,
/// since a Location header must be ASCII.
/// </summary>
public static class ReturnUrl
{
    public static string Local(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Any(char.IsControl)) return "/";
        if (url.StartsWith("~/", StringComparison.Ordinal)) url = url[1..];
        if (url[0] != '/' || (url.Length > 1 && (url[1] == '/' || url[1] == '\\'))) return "/";
        return Ascii(url);
    }

    private static string Ascii(string url)
    {
        if (url.All(char.IsAscii)) return url;
        var builder = new StringBuilder();
        foreach (var rune in url.EnumerateRunes())
        {
            builder.Append(rune.IsAscii ? rune.ToString() : Uri.EscapeDataString(rune.ToString()));
        }
        return builder.ToString();
    }
}
