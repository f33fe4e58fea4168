using System.Threading.RateLimiting;

namespace SkinCancer.Studio.Web.Security;

/// <summary>
/// Slows down guessing the access secret, per client address, with the token buckets of System.Threading.RateLimiting
/// (the library behind ASP.NET Core's rate limiting middleware). Only failed attempts take a token: a client may fail
/// <see cref="Burst"/> times at once, then once every <see cref="Refill"/>. While its bucket is empty every attempt of that
/// client gets 429, the right secret included, so parallel guesses learn nothing beyond their budget.
/// </summary>
public sealed class FailedAccessLimiter : IDisposable
{
    public const int Burst = 10;
    public static readonly TimeSpan Refill = TimeSpan.FromSeconds(6);

    private readonly PartitionedRateLimiter<HttpContext> _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = Refill,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public bool IsLockedOut(HttpContext context) => _limiter.GetStatistics(context)?.CurrentAvailablePermits <= 0;

    /// <summary>Takes a token for a failed attempt; false when none was left (the client is now locked out).</summary>
    public bool RecordFailure(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(context);
        return lease.IsAcquired;
    }

    /// <summary>The plain answer to a locked-out client, with the time after which one more attempt is allowed.</summary>
    public static void Refuse(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = ((int)Refill.TotalSeconds).ToString();
    }

    public void Dispose() => _limiter.Dispose();
}
