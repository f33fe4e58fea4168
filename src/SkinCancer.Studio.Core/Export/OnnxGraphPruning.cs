using Onnx;

namespace SkinCancer.Studio.Core.Export;

/// <summary>Keeps only the nodes the wanted outputs depend on, so an export carries no weights it never uses.</summary>
internal static class OnnxGraphPruning
{
    public static HashSet<NodeProto> Ancestors(GraphProto graph, IEnumerable<string> tensors)
    {
        var producer = new Dictionary<string, NodeProto>();
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output) producer[output] = node;
        }
        var kept = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<string>(tensors);
        while (pending.Count > 0)
        {
            if (!producer.TryGetValue(pending.Pop(), out var node) || !kept.Add(node)) continue;
            foreach (var input in node.Input) pending.Push(input);
        }
        return kept;
    }

    /// <summary>Removes nodes not needed for the graph's outputs, then initializers (and their input entries) no node reads.</summary>
    public static void Prune(GraphProto graph)
    {
        var kept = Ancestors(graph, graph.Output.Select(o => o.Name));
        var unused = graph.Node.Where(n => !kept.Contains(n)).ToArray();
        foreach (var node in unused) graph.Node.Remove(node);
        var read = graph.Node.SelectMany(n => n.Input).ToHashSet();
        foreach (var initializer in graph.Initializer.Where(i => !read.Contains(i.Name)).ToArray()) graph.Initializer.Remove(initializer);
        foreach (var input in graph.Input.Where(i => !read.Contains(i.Name)).ToArray()) graph.Input.Remove(input);
    }
}
