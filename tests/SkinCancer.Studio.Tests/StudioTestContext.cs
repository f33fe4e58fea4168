using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace SkinCancer.Studio.Tests;

/// <summary>One bUnit setup for every component test: MudBlazor's services and loose JS interop.</summary>
internal static class StudioTestContext
{
    public static BunitContext Create()
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        return context;
    }
}
