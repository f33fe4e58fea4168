using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SkinCancer.Studio.Core.Training.Options;

/// <summary>
/// Summaries from the XML documentation file the compiler writes beside an assembly (GenerateDocumentationFile), as
/// plain text: how the options model shows a property's <c>///</c> comment in `--help` without a second copy of it.
/// </summary>
internal sealed partial class XmlDocumentation(IReadOnlyDictionary<string, string> summaries)
{
    public static XmlDocumentation ForAssembly(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (string.IsNullOrEmpty(assembly.Location) || !File.Exists(path)) return new XmlDocumentation(new Dictionary<string, string>());
        var members = XDocument.Load(path).Root?.Element("members")?.Elements("member") ?? [];
        return new XmlDocumentation(members
            .Where(m => m.Attribute("name") is not null && m.Element("summary") is not null)
            .ToDictionary(m => m.Attribute("name")!.Value, m => PlainText(m.Element("summary")!)));
    }

    public string? Summary(string memberId) => summaries.GetValueOrDefault(memberId);

    private static string PlainText(XElement summary)
    {
        var text = string.Concat(summary.Nodes().Select(node => node switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" or "seealso" } e => ShortName(e.Attribute("cref")?.Value ?? e.Attribute("langword")?.Value ?? e.Value),
            XElement { Name.LocalName: "paramref" or "typeparamref" } e => e.Attribute("name")?.Value ?? "",
            XElement e => e.Value,
            _ => "",
        }));
        return Whitespace().Replace(text, " ").Trim();
    }

    /// <summary>"P:SkinCancer.Studio.Core.Training.TrainingOptions.FineTune" → "FineTune".</summary>
    private static string ShortName(string cref)
    {
        var name = cref.Contains(':') ? cref[(cref.IndexOf(':') + 1)..] : cref;
        int paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        return name[(name.LastIndexOf('.') + 1)..];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
