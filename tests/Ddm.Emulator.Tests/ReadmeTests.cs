using System;
using System.IO;
using System.Linq;

namespace Ddm.Emulator.Tests;

/// <summary>What README says of the emulator and what the emulator does agree.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void Readme_names_every_default_sign_in_of_the_emulator()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var section = readme[readme.IndexOf("\n## The emulator in tests\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var options = new EmulatorOptions();
        var key = Assert.Single(options.AccessKeys);

        Assert.All(
            new[] { options.Token, key.AccessKey, key.SecretKey, options.IamUserName, options.IamPassword, options.IamDomainName },
            value => Assert.Contains("`" + value + "`", section, StringComparison.Ordinal));
    }

    private static string RepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DdmGen.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (DdmGen.sln) was not found above " + AppContext.BaseDirectory);
    }
}
