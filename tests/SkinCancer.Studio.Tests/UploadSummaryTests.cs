using SkinCancer.Studio.Web.Components.Data;
using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Tests;

public sealed class UploadSummaryTests
{
    private static readonly IngestOutcome[] Outcomes =
    [
        new("benign/a.jpg", IngestStatus.Added, "benign", null),
        new("benign/b.jpg", IngestStatus.Added, "benign", null),
        new("malignant/c.jpg", IngestStatus.Added, "malignant", null),
        new("benign/a copy.jpg", IngestStatus.Duplicate, "benign", "same image as 'a.jpg'"),
        new("malignant/a.jpg", IngestStatus.Conflict, "malignant", "the same image is already in class 'benign'"),
        new("benign/notes.txt", IngestStatus.Skipped, "benign", "not an image (.txt file)"),
        new("benign/readme.txt", IngestStatus.Skipped, "benign", "not an image (.txt file)"),
        new("malignant/huge.png", IngestStatus.Skipped, "malignant", "image is 30000×30000 pixels"),
    ];

    [Fact]
    public void Tally_counts_every_outcome_and_groups_skipped_files_by_reason_biggest_first()
    {
        var tally = UploadTally.From(Outcomes);

        Assert.Equal((3, 1, 1, 3), (tally.Added, tally.Duplicates, tally.Conflicts, tally.Skipped));
        Assert.Equal(8, tally.Total);
        Assert.Equal(["not an image (.txt file)", "image is 30000×30000 pixels"], tally.SkippedByReason.Select(g => g.Reason));
        Assert.Equal(["benign/notes.txt", "benign/readme.txt"], tally.SkippedByReason[0].Paths);
    }

    [Fact]
    public async Task Summary_shows_the_counts_and_one_line_per_skip_reason()
    {
        await using var context = StudioTestContext.Create();

        var summary = context.Render<UploadSummary>(p => p.Add(s => s.Outcomes, Outcomes));

        Assert.Equal("3", summary.Find("[data-testid=upload-added]").TextContent);
        Assert.Equal("1", summary.Find("[data-testid=upload-duplicates]").TextContent);
        Assert.Equal("1", summary.Find("[data-testid=upload-conflicts]").TextContent);
        Assert.Equal("3", summary.Find("[data-testid=upload-skipped]").TextContent);
        var reasons = summary.FindAll("[data-testid=skip-reason]");
        Assert.Equal(2, reasons.Count);
        Assert.Contains("not an image (.txt file)", reasons[0].TextContent);
        Assert.Contains("benign/notes.txt", reasons[0].TextContent);
    }

    [Fact]
    public async Task A_file_added_and_then_removed_by_a_later_conflict_counts_as_a_conflict()
    {
        IngestOutcome[] outcomes =
        [
            new("benign/x.jpg", IngestStatus.Added, "benign", null, "h1"),
            new("benign/y.jpg", IngestStatus.Added, "benign", null, "h2"),
            new("malignant/x.jpg", IngestStatus.Conflict, "malignant",
                "the same image is also in class 'benign' ('x.jpg'): ambiguous, so neither copy is used (removed from 'benign')", "h1"),
        ];
        await using var context = StudioTestContext.Create();

        var tally = UploadTally.From(outcomes);
        var summary = context.Render<UploadSummary>(p => p.Add(s => s.Outcomes, outcomes));

        Assert.Equal((1, 2), (tally.Added, tally.Conflicts));
        Assert.Equal("the same image is also in 'malignant/x.jpg': ambiguous, so neither copy is used (removed from 'benign')",
            tally.ConflictFiles.Single(o => o.Path == "benign/x.jpg").Reason);
        Assert.Equal("2", summary.Find("[data-testid=upload-conflicts]").TextContent);
        var notUsed = summary.FindAll("[data-testid=not-used] li").Select(e => e.TextContent).ToArray();
        Assert.Contains(notUsed, l => l.StartsWith("benign/x.jpg: ", StringComparison.Ordinal));
        Assert.Contains(notUsed, l => l.StartsWith("malignant/x.jpg: ", StringComparison.Ordinal) && l.EndsWith("(removed from 'benign')", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_is_shown_before_an_upload()
    {
        await using var context = StudioTestContext.Create();

        var summary = context.Render<UploadSummary>();

        Assert.Empty(summary.FindAll("[data-testid=upload-summary]"));
    }
}
