using SkinCancer.Studio.Web.Components.Evaluation;

namespace SkinCancer.Studio.Tests;

public sealed class ConfusionMatrixTests
{
    private static readonly int[][] Matrix = [[8, 2], [0, 0]];

    [Fact]
    public async Task One_cell_per_label_pair_with_the_counts_in_row_order()
    {
        await using var context = StudioTestContext.Create();

        var matrix = context.Render<ConfusionMatrix>(p => p
            .Add(m => m.Labels, ["benign", "malignant"])
            .Add(m => m.Matrix, Matrix));

        var cells = matrix.FindAll("[data-testid=confusion-cell]");
        Assert.Equal(["8", "2", "0", "0"], cells.Select(c => c.TextContent));
        Assert.Equal(["true \\ predicted", "benign", "malignant"], matrix.FindAll("thead th").Select(h => h.TextContent));
    }

    [Fact]
    public void Shading_is_the_cells_share_of_its_row_and_an_empty_row_is_blank()
    {
        Assert.Equal(0.8, ConfusionMatrix.RowShare(Matrix, 0, 0));
        Assert.Equal(0.2, ConfusionMatrix.RowShare(Matrix, 0, 1));
        Assert.Equal(0, ConfusionMatrix.RowShare(Matrix, 1, 1));
    }

    [Fact]
    public void Correct_cells_are_green_mistakes_red_and_a_larger_share_is_darker()
    {
        Assert.Contains("rgba(46,125,50,", ConfusionMatrix.CellStyle(0.8, diagonal: true));
        Assert.Contains("rgba(198,40,40,", ConfusionMatrix.CellStyle(0.2, diagonal: false));
        Assert.Contains(",0.9)", ConfusionMatrix.CellStyle(1, diagonal: true));
        Assert.Contains(",0.08)", ConfusionMatrix.CellStyle(0, diagonal: false));
    }
}
