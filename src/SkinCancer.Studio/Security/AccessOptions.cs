namespace SkinCancer.Studio.Web.Security;

/// <summary>
/// The shared secret that guards a studio reachable from other machines ("Studio:AccessSecret", or the environment
/// variable Studio__AccessSecret). Empty by default: on loopback the studio is open, as a desktop tool.
/// </summary>
public sealed record AccessOptions
{
    public const string SectionName = "Studio";

    /// <summary>Shortest secret accepted: sixteen characters keep guessing hopeless under the failed-attempt limit.</summary>
    public const int MinimumSecretLength = 16;

    public string? AccessSecret { get; init; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(AccessSecret);
}
