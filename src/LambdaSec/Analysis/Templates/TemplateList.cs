using System.Collections.Generic;

namespace LambdaSec.Analysis.Templates;

/// <summary>A sequence.</summary>
public sealed class TemplateList : TemplateNode
{
    private readonly List<TemplateNode> _items = [];

    public TemplateList(int line)
        : base(line)
    {
    }

    public IReadOnlyList<TemplateNode> Items => _items;

    public void Add(TemplateNode item) => _items.Add(item);
}
