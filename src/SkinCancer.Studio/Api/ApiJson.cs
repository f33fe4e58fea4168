using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Core.Training.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SkinCancer.Studio.Web.Api;

/// <summary>
/// The API speaks the studio's JSON (<see cref="StudioJson"/>: camelCase, enums as camelCase strings, readable unicode),
/// so a response reads like the CLI's output and the catalogue's files. A <see cref="TrainingOptions"/> body binds to the
/// record itself: an option left out takes the studio's configured default (Studio:Training), as in the Train tab's panel,
/// and a name that is not an option is refused rather than silently ignored (a typo would otherwise train with a default).
/// </summary>
public static class ApiJson
{
    public static IServiceCollection AddApiJson(this IServiceCollection services)
    {
        services.AddOptions<HttpJsonOptions>().Configure<IOptions<StudioOptions>>((json, studio) =>
        {
            var options = json.SerializerOptions;
            options.Encoder = StudioJson.Options.Encoder;
            options.NumberHandling = StudioJson.Options.NumberHandling;
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            // Switches read as in appsettings.json and on the command line: true/false/null or "on", "off", "auto".
            options.Converters.Add(new OnOffAutoJsonConverter());
            options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(info =>
            {
                if (info.Type != typeof(TrainingOptions)) return;
                info.CreateObject = () => studio.Value.Training with { };
                info.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            });
        });
        return services;
    }
}
