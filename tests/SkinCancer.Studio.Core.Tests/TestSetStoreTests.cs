using Dapper;
using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>The catalogue's test sets on a real SQLite file: rows in, lists and counts out, ownership and cascades kept.</summary>
public sealed class TestSetStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly StudioCatalogue _catalogue;

    public TestSetStoreTests() => _catalogue = new StudioCatalogue(_temp.Combine("ws"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private static TestImageRecord Image(string testSetId, string label, string name, string hash) =>
        new(0, testSetId, label, $"{label}/{name}", $"{label}/{name}", hash, 100, 8, 6);

    [Fact]
    public void A_test_set_is_created_with_its_first_image_and_lists_counts_and_finds_its_images()
    {
        var project = _catalogue.Projects.Create("p").Id;
        var testSet = CatalogueIds.New();
        Assert.Null(_catalogue.TestSets.ProjectOf(testSet));

        var added = _catalogue.TestSets.Add(project, Image(testSet, "b", "x.png", "h1"));
        _catalogue.TestSets.Add(project, Image(testSet, "a", "y.png", "h2"));
        _catalogue.TestSets.Add(project, Image(testSet, "a", "z.png", "h3"));

        Assert.Equal(ImageAdditionKind.Added, added.Kind);
        Assert.True(added.Image!.Id > 0);
        Assert.Equal(project, _catalogue.TestSets.ProjectOf(testSet));
        Assert.Equal(["a/y.png", "a/z.png", "b/x.png"], _catalogue.TestSets.List(project, testSet).Select(i => i.StoredPath));
        Assert.Equal([("a", 2), ("b", 1)], _catalogue.TestSets.Summary(project, testSet));
        Assert.Equal(3, _catalogue.TestSets.CountImages(project));
        var found = _catalogue.TestSets.Find(project, testSet, "b/x.png");
        Assert.Equal((added.Image!.Id, "h1", 100L, 8, 6), (found!.Id, found.Hash, found.Bytes, found.Width, found.Height));
        Assert.Null(_catalogue.TestSets.Find(project, testSet, "b/missing.png"));
    }

    [Fact]
    public void Content_already_in_the_test_set_is_a_duplicate_under_its_label_and_a_conflict_scored_under_no_label()
    {
        var project = _catalogue.Projects.Create("p").Id;
        var testSet = CatalogueIds.New();
        _catalogue.TestSets.Add(project, Image(testSet, "a", "first.png", "same"));
        _catalogue.TestSets.Add(project, Image(testSet, "a", "kept.png", "other"));

        var duplicate = _catalogue.TestSets.Add(project, Image(testSet, "a", "again.png", "same"));
        Assert.Equal((ImageAdditionKind.Duplicate, "a/first.png"), (duplicate.Kind, duplicate.Image!.StoredPath));

        // Under another label: the held copy's row goes too (neither is scored), and a third copy is refused.
        var conflict = _catalogue.TestSets.Add(project, Image(testSet, "b", "other.png", "same"));
        Assert.Equal((ImageAdditionKind.Conflict, "a/first.png"), (conflict.Kind, conflict.Image!.StoredPath));
        Assert.Equal(["a"], conflict.ConflictLabels);
        var third = _catalogue.TestSets.Add(project, Image(testSet, "a", "third.png", "same"));
        Assert.Equal((ImageAdditionKind.Conflict, null), (third.Kind, third.Image));
        Assert.Equal(["a", "b"], third.ConflictLabels);
        Assert.Equal(["a/kept.png"], _catalogue.TestSets.List(project, testSet).Select(i => i.StoredPath));

        // Another test set may hold the same content.
        Assert.Equal(ImageAdditionKind.Added, _catalogue.TestSets.Add(project, Image(CatalogueIds.New(), "a", "first.png", "same")).Kind);
    }

    [Fact]
    public void A_registered_test_sets_conflicts_stay_refused_and_content_may_repeat_across_test_sets()
    {
        var project = _catalogue.Projects.Create("p").Id;
        var testSet = CatalogueIds.New();
        _catalogue.TestSets.Register(project, testSet, DateTimeOffset.UtcNow, [Image(testSet, "a", "x.png", "h1")], [("h2", ["a", "b"])]);

        Assert.Equal(ImageAdditionKind.Conflict, _catalogue.TestSets.Add(project, Image(testSet, "a", "y.png", "h2")).Kind);
        Assert.Equal(["a/x.png"], _catalogue.TestSets.List(project, testSet).Select(i => i.StoredPath));
        var elsewhere = CatalogueIds.New();
        Assert.Equal(ImageAdditionKind.Added, _catalogue.TestSets.Add(project, Image(elsewhere, "a", "x.png", "h1")).Kind);
        Assert.Equal(ImageAdditionKind.Duplicate, _catalogue.TestSets.Add(project, Image(elsewhere, "a", "y.png", "h1")).Kind);
        Assert.Equal(2, _catalogue.TestSets.CountImages(project));
    }

    [Fact]
    public void Another_projects_test_set_is_neither_listed_nor_added_to_nor_counted()
    {
        var mine = _catalogue.Projects.Create("mine").Id;
        var theirs = _catalogue.Projects.Create("theirs").Id;
        var testSet = CatalogueIds.New();
        var image = _catalogue.TestSets.Add(theirs, Image(testSet, "a", "x.png", "h1")).Image!;

        Assert.Empty(_catalogue.TestSets.List(mine, testSet));
        Assert.Empty(_catalogue.TestSets.Summary(mine, testSet));
        Assert.Null(_catalogue.TestSets.Find(mine, testSet, "a/x.png"));
        Assert.False(_catalogue.TestSets.Delete(mine, testSet, image.Id));
        Assert.Equal(0, _catalogue.TestSets.CountImages(mine));
        Assert.Throws<ArgumentException>(() => _catalogue.TestSets.Add(mine, Image(testSet, "a", "y.png", "h2")));
        Assert.Single(_catalogue.TestSets.List(theirs, testSet));
    }

    [Fact]
    public void Deleting_an_image_removes_its_row_and_deleting_the_project_removes_its_test_sets()
    {
        var project = _catalogue.Projects.Create("p").Id;
        var testSet = CatalogueIds.New();
        var first = _catalogue.TestSets.Add(project, Image(testSet, "a", "x.png", "h1")).Image!;
        _catalogue.TestSets.Add(project, Image(testSet, "a", "y.png", "h2"));

        Assert.True(_catalogue.TestSets.Delete(project, testSet, first.Id));
        Assert.False(_catalogue.TestSets.Delete(project, testSet, first.Id));
        Assert.Equal(["a/y.png"], _catalogue.TestSets.List(project, testSet).Select(i => i.StoredPath));

        _catalogue.Projects.Delete(project);
        Assert.Null(_catalogue.TestSets.ProjectOf(testSet));
        using var connection = _catalogue.Database.Open();
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM test_images"));
    }

    [Fact]
    public void A_new_workspace_owes_no_upgrade_step()
    {
        using var connection = _catalogue.Database.Open();
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM pending_upgrade_steps"));
    }
}
