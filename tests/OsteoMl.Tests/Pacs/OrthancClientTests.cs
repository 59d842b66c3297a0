using OsteoMl.Dicom;
using OsteoMl.Pacs;

namespace OsteoMl.Tests.Pacs;

/// <summary>The Orthanc client against a real Orthanc (no mocks): feed, fetch, transcoding, lookup, refusals.</summary>
public sealed class OrthancClientTests : IDisposable
{
    private const uint StudyInstanceUid = 0x0020000D;
    private const uint SeriesInstanceUid = 0x0020000E;
    private const uint SopInstanceUid = 0x00080018;
    private const string Jpeg2000Lossless = "1.2.840.10008.1.2.4.90";

    private readonly OrthancServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task An_uploaded_instance_appears_in_the_change_feed_as_NewInstance_and_comes_back_byte_for_byte()
    {
        using OrthancClient client = _server.Client();
        (byte[] file, _) = PacsTestFiles.Radiograph();

        OrthancUpload first = await client.UploadAsync(file);
        OrthancUpload second = await client.UploadAsync(file);
        OrthancChangePage page = await client.GetChangesAsync(since: 0, limit: 100);

        Assert.False(first.AlreadyStored);
        Assert.True(second.AlreadyStored);
        Assert.Equal(first.Id, second.Id);
        OrthancChange change = Assert.Single(page.Changes, c => c.IsNewInstance);
        Assert.Equal((first.Id, "Instance"), (change.Id, change.ResourceType));
        Assert.True(page.Done);
        Assert.Equal(page.Last, await client.GetLastChangeSeqAsync());
        Assert.Equal(TransferSyntaxes.ExplicitLittleEndian, await client.GetInstanceTransferSyntaxAsync(first.Id));
        Assert.Equal(file, await client.GetInstanceFileAsync(first.Id));
    }

    [Fact]
    public async Task The_change_feed_pages_with_since_and_limit()
    {
        using OrthancClient client = _server.Client();
        Assert.Equal(0, await client.GetLastChangeSeqAsync());
        await client.UploadAsync(PacsTestFiles.Radiograph().File);

        OrthancChangePage firstPage = await client.GetChangesAsync(since: 0, limit: 1);
        OrthancChangePage rest = await client.GetChangesAsync(since: firstPage.Last, limit: 100);

        Assert.False(firstPage.Done);
        Assert.Equal(firstPage.Changes[0].Seq, firstPage.Last);
        Assert.All(rest.Changes, c => Assert.True(c.Seq > firstPage.Last));
        Assert.NotEmpty(rest.Changes);
    }

    [Fact]
    public async Task A_jpeg_2000_instance_comes_back_as_explicit_little_endian_with_its_uids_and_identical_pixels()
    {
        using OrthancClient client = _server.Client();
        (byte[] native, string sopUid) = PacsTestFiles.Radiograph();
        OrthancUpload upload = await client.UploadAsync(native);
        // Orthanc itself makes the JPEG 2000 copy; it replaces the native file under the same UIDs.
        byte[] jpeg2000 = await client.GetTranscodedInstanceFileAsync(upload.Id, Jpeg2000Lossless);
        await client.DeleteInstanceAsync(upload.Id);
        OrthancUpload stored = await client.UploadAsync(jpeg2000);
        Assert.Equal(upload.Id, stored.Id);
        Assert.Equal(Jpeg2000Lossless, await client.GetInstanceTransferSyntaxAsync(stored.Id));

        DicomFile fetched = DicomFile.Parse(await client.GetInstanceFileAsync(stored.Id));

        DicomFile original = DicomFile.Parse(native);
        Assert.Equal(TransferSyntaxes.ExplicitLittleEndian, fetched.TransferSyntax);
        Assert.Equal(sopUid, fetched.GetString(SopInstanceUid));
        Assert.Equal(original.GetString(StudyInstanceUid), fetched.GetString(StudyInstanceUid));
        Assert.Equal(original.GetString(SeriesInstanceUid), fetched.GetString(SeriesInstanceUid));
        Assert.Equal(original.PixelData, fetched.PixelData);
    }

    [Fact]
    public async Task Lookup_by_sop_instance_uid_finds_the_instance_and_an_unknown_uid_gives_null()
    {
        using OrthancClient client = _server.Client();
        (byte[] file, string sopUid) = PacsTestFiles.Radiograph();
        OrthancUpload upload = await client.UploadAsync(file);

        Assert.Equal(upload.Id, await client.FindInstanceBySopInstanceUidAsync(sopUid));
        Assert.Null(await client.FindInstanceBySopInstanceUidAsync("1.2.826.0.1.3680043.2.1125.999.404"));
        // The study UID names a study, not an instance.
        Assert.Null(await client.FindInstanceBySopInstanceUidAsync(sopUid[..^2] + ".1"));
    }

    [Fact]
    public async Task A_wrong_password_is_a_401_PacsException_at_once_that_does_not_show_the_password()
    {
        const string wrongPassword = "not-the-Pa55word-7f3a";
        var retries = new List<OrthancRetry>();
        using var client = new OrthancClient(
            _server.Url,
            new PacsCredentials(_server.User!, wrongPassword),
            onRetry: retries.Add
        );

        var e = await Assert.ThrowsAsync<PacsException>(() => client.GetSystemAsync());

        Assert.Equal(401, e.StatusCode);
        Assert.Contains("401", e.Message);
        Assert.Contains("/system", e.Message);
        Assert.DoesNotContain(wrongPassword, e.ToString());
        Assert.DoesNotContain(_server.Password!, e.ToString());
        Assert.Empty(retries);
    }

    [Fact]
    public async Task An_unknown_instance_is_a_404_PacsException_naming_the_path()
    {
        using OrthancClient client = _server.Client();

        var e = await Assert.ThrowsAsync<PacsException>(() => client.GetInstanceFileAsync("no-such-instance"));

        Assert.Equal(404, e.StatusCode);
        Assert.Contains("/instances/no-such-instance/", e.Message);
    }

    [Fact]
    public async Task The_right_credentials_reach_the_system_route()
    {
        using OrthancClient client = _server.Client();

        OrthancSystem system = await client.GetSystemAsync();

        Assert.Equal("osteoml-tests", system.Name);
        Assert.StartsWith("1.", system.Version);
    }
}
