using System.Net;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>Issue #14, defect 7: the partial file a SIGKILL leaves in a project's staging folder is gone after the restart.</summary>
public sealed class StagingCleanupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_partial_upload_left_by_a_kill_is_removed_at_start_up()
    {
        Directory.CreateDirectory(_folder.Workspace);
        var catalogue = new Core.Catalogue.StudioCatalogue(_folder.Workspace);
        var folders = new Core.Catalogue.ProjectFolders(_folder.Workspace);
        var projectId = catalogue.Projects.Create("killed mid-upload").Id;
        var staging = folders.Staging(projectId);

        await using (var app = StudioProcess.Start("127.0.0.1", _folder.Workspace))
        {
            await app.WaitUntilServingAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.LoopbackUrl) };
            var form = new MultipartFormDataContent { { new StreamContent(new EndlessStream()), "files", "benign/huge.png" } };
            using var request = StudioFactory.Upload(projectId, form);
            var upload = http.SendAsync(request);
            await WaitUntilAsync(() => StagedBytes(staging) > 4_000_000);
            await app.KillAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => upload);
        }
        Assert.True(StagedBytes(staging) > 4_000_000, "the kill should have left a partial file");

        await using (var app = StudioProcess.Start("127.0.0.1", _folder.Workspace))
        {
            await app.WaitUntilServingAsync();
            Assert.Equal(0, StagedBytes(staging));
            using var http = new HttpClient { BaseAddress = new Uri(app.LoopbackUrl) };
            using var request = StudioFactory.Upload(projectId, StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1))));
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        }
    }

    private static long StagedBytes(string staging) => Directory.Exists(staging)
        ? new DirectoryInfo(staging).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
        : 0;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }

    /// <summary>Zeros for ever, a little at a time: an upload that is still arriving when the server dies.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await Task.Delay(5, cancellationToken);
            int n = Math.Min(count, 64 * 1024);
            Array.Clear(buffer, offset, n);
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
