using System.Security.Cryptography;
using System.Text;

namespace SkinCancer.Studio.Web.Security;

/// <summary>Compares a presented secret with the configured one in constant time (hashing first hides the length too).</summary>
public static class AccessSecret
{
    public static bool Matches(string? configured, string? presented)
    {
        if (string.IsNullOrWhiteSpace(configured) || presented is null) return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }
}
