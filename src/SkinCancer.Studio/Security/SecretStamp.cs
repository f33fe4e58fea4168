using System.Security.Cryptography;
using System.Text;

namespace SkinCancer.Studio.Web.Security;

/// <summary>
/// A value derived from the access secret that every sign-in cookie carries and every request re-checks: once the secret
/// changes, cookies issued under the old one stop working. Keyed hashing, so the (encrypted) cookie never holds the
/// secret itself.
/// </summary>
public static class SecretStamp
{
    public const string ClaimType = "studio:secret-stamp";

    public static string Of(string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), "studio sign-in cookie"u8));

    public static bool Matches(string? configured, string? stamp) =>
        !string.IsNullOrWhiteSpace(configured) && stamp is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Of(configured)), Encoding.ASCII.GetBytes(stamp));
}
