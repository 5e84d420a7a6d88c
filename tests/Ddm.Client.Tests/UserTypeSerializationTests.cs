using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ddm.Client;

namespace Ddm.Client.Tests;

/// <summary>
/// The generated models and open enums inside the caller's own types, serialized by <c>JsonSerializer</c> with
/// the caller's metadata rather than the client's resolver.
/// </summary>
public sealed class UserTypeSerializationTests
{
    // Reflection is off by default in this project; a caller that turns it on gets the attributes' converters.
    private static readonly JsonSerializerOptions Reflection = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Fact]
    public void An_open_enum_keys_a_dictionary_by_its_text_as_sent()
    {
        var counts = new Dictionary<BackupStatus, int> { [BackupStatus.Normal] = 1, ["Restoring"] = 2 };

        var json = JsonSerializer.Serialize(counts, Reflection);
        var read = JsonSerializer.Deserialize<Dictionary<BackupStatus, int>>("""{"normal":1,"Restoring":2,"caf\u00e9":3}""", Reflection)!;

        Assert.Equal("""{"normal":1,"Restoring":2}""", json);
        Assert.Equal(3, read.Count);
        Assert.Equal(1, read[BackupStatus.Normal]);
        Assert.Same(BackupStatus.Normal.Value, read.Keys.First(key => key == BackupStatus.Normal).Value);
        Assert.Equal("Restoring", read.Keys.Single(key => key == "RESTORING").Value);
        Assert.Equal(3, read["CAFÉ"]);
    }
}
