using SkinCancer.Studio.Core.Models;
using SkinCancer.Studio.Endpoints;

namespace SkinCancer.Studio.Serving;

/// <summary>
/// A completed run whose model files are missing or damaged (deleted by hand, a disk fault) is that run's problem: its
/// prediction, download and export requests get a 500 whose body says what is wrong, instead of the generic error page,
/// and every other request goes on as before.
/// </summary>
public static class ModelLoadFailures
{
    public static IApplicationBuilder UseModelLoadFailures(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (ModelLoadException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new PredictionEndpoints.ErrorResponse($"the model of this run cannot be loaded: {e.Message}"));
        }
    });
}
