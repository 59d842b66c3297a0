using OsteoMl.Common;
using OsteoMl.Pacs;

namespace OsteoMl.Tests.Pacs;

public sealed class PacsCredentialsTests : IDisposable
{
    private const string Password = "pa:ss-W0rd";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_private_credentials_file_gives_the_user_and_the_password_split_at_the_first_colon()
    {
        string path = Write("radiology:" + Password + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        PacsCredentials credentials = PacsCredentials.FromFile(path);

        Assert.Equal(("radiology", Password), (credentials.User, credentials.Password));
    }

    [Fact]
    public void A_credentials_file_others_may_read_is_refused_like_ssh_refuses_an_open_key()
    {
        if (OperatingSystem.IsWindows())
            return;
        string path = Write(
            "radiology:" + Password,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead
        );

        var e = Assert.Throws<UserInputException>(() => PacsCredentials.FromFile(path));

        Assert.Contains("0644", e.Message);
        Assert.Contains("chmod 600", e.Message);
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain(Password, e.Message);
    }

    [Fact]
    public void A_file_without_a_colon_is_refused_without_echoing_its_content()
    {
        string path = Write("just-a-password\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var e = Assert.Throws<UserInputException>(() => PacsCredentials.FromFile(path));

        Assert.Contains("user:password", e.Message);
        Assert.DoesNotContain("just-a-password", e.Message);
    }

    [Fact]
    public void ToString_never_shows_the_password()
    {
        var credentials = new PacsCredentials("radiology", Password);

        Assert.Equal("radiology:********", credentials.ToString());
        Assert.DoesNotContain(Password, $"{credentials}");
    }

    [Fact]
    public void The_environment_gives_both_or_neither()
    {
        string? user = Environment.GetEnvironmentVariable(PacsCredentials.UserVariable);
        string? password = Environment.GetEnvironmentVariable(PacsCredentials.PasswordVariable);
        try
        {
            Environment.SetEnvironmentVariable(PacsCredentials.UserVariable, null);
            Environment.SetEnvironmentVariable(PacsCredentials.PasswordVariable, null);
            Assert.Null(PacsCredentials.FromEnvironment());
            Environment.SetEnvironmentVariable(PacsCredentials.UserVariable, "radiology");
            Assert.Throws<UserInputException>(() => PacsCredentials.FromEnvironment());
            Environment.SetEnvironmentVariable(PacsCredentials.PasswordVariable, Password);
            Assert.Equal(Password, PacsCredentials.FromEnvironment()!.Password);
        }
        finally
        {
            Environment.SetEnvironmentVariable(PacsCredentials.UserVariable, user);
            Environment.SetEnvironmentVariable(PacsCredentials.PasswordVariable, password);
        }
    }

    private string Write(string content, UnixFileMode mode)
    {
        string path = _folder.File("pacs-credentials");
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, mode);
        return path;
    }
}
