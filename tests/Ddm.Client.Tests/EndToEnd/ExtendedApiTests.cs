using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Ddm.Client.Tests.Extended;
using Ddm.Emulator;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.EndToEnd;

/// <summary>
/// More of the DDM API (tests/Specs/ddm-v3-extended.yaml) generated with no generator change: DELETE, POST with a
/// JSON body, 202 answers with a job id, int64 values, a header parameter, against the emulator.
/// </summary>
public sealed class ExtendedApiTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _fixture;

    public ExtendedApiTests(EmulatorFixture fixture) => _fixture = fixture;

    private DdmExtendedClient Extended() => new(_fixture.Http, new DdmExtendedClientOptions
    {
        Endpoint = _fixture.Emulator.BaseAddress,
        ProjectId = _fixture.Emulator.Options.ProjectId,
        Credential = DdmExtendedCredential.FromToken(_fixture.Emulator.Options.Token),
    });

    [Fact]
    public async Task Deleting_a_backup_is_a_job_and_the_backup_leaves_the_list()
    {
        var client = _fixture.Client();
        var victim = (await client.ListBackupsAsync(offset: 500, limit: 1)).Value.Backups.Single();

        var job = await Extended().DeleteBackupAsync(victim.Id);
        var again = await Assert.ThrowsAsync<DdmExtendedApiException>(() => Extended().DeleteBackupAsync(victim.Id));

        Assert.False(string.IsNullOrEmpty(job.Value.JobId));
        Assert.Equal(400, again.Status);
        Assert.Equal("DBS.280001", again.ErrorCode);
        Assert.NotEqual(victim.Id, (await client.ListBackupsAsync(offset: 500, limit: 1)).Value.Backups.Single().Id);
    }

    [Fact]
    public async Task Restoring_to_a_new_instance_posts_the_body_and_the_job_can_be_queried()
    {
        var source = _fixture.Emulator.InstanceIds[0];
        var target = _fixture.Emulator.InstanceIds[2];
        var interval = (await _fixture.Client().ListRestorableTimeIntervalsAsync(source)).Value.RestorableTimeIntervals[0];
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = source, RestoreTime = interval.StartTime.AddMinutes(30).ToUnixTimeMilliseconds() },
            Target = new RecoveryRequestTarget { InstanceId = target },
        };

        var accepted = await Extended().RestoreToNewInstanceAsync(source, request, xLanguage: "en-us");
        var job = (await Extended().ShowJobAsync(accepted.Value.JobId)).Value.Job;

        Assert.Equal("Completed", job.Status);
        Assert.Equal(target, job.Instance!.Id);
        Assert.True(job.EndTime > job.CreatedTime);
    }

    [Fact]
    public async Task A_restore_time_outside_every_interval_is_the_ddm_parameter_error()
    {
        var source = _fixture.Emulator.InstanceIds[0];
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = source, RestoreTime = 0 },
            Target = new RecoveryRequestTarget { InstanceId = _fixture.Emulator.InstanceIds[1] },
        };

        var exception = await Assert.ThrowsAsync<DdmExtendedApiException>(() => Extended().RestoreToNewInstanceAsync(source, request));

        Assert.Equal((400, "DBS.280001"), (exception.Status, exception.ErrorCode));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Extended().RestoreToNewInstanceAsync(source, null!));
    }

    [Theory]
    [InlineData("en-us\r\nX-Evil: 1")]
    [InlineData("en-us\nX-Evil: 1")]
    [InlineData("en\u0000us")]
    public async Task A_header_argument_with_a_control_character_is_refused_before_anything_is_sent(string language)
    {
        var source = _fixture.Emulator.InstanceIds[0];
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = source, RestoreTime = 0 },
            Target = new RecoveryRequestTarget { InstanceId = _fixture.Emulator.InstanceIds[1] },
        };

        var before = _fixture.Emulator.Statistics.RequestsTo(EmulatorRoutes.Restore);

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Extended().RestoreToNewInstanceAsync(source, request, xLanguage: language));

        Assert.Contains("X-Language", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Evil", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, _fixture.Emulator.Statistics.RequestsTo(EmulatorRoutes.Restore));
    }

    [Fact]
    public async Task A_header_the_request_options_set_replaces_the_one_the_operation_sets()
    {
        // Regression: the per-call options were applied when the message was made, before the operation set its body's
        // Content-Type and its header arguments, which then replaced what the caller had asked for.
        await using var server = await Http.ScriptedServer.StartAsync(context => context.Response.WriteAsync("""{"job_id":"j1"}"""));
        using var http = new System.Net.Http.HttpClient();
        var client = new DdmExtendedClient(http, new DdmExtendedClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmExtendedCredential.FromToken("t1") });
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = "a", RestoreTime = 1 },
            Target = new RecoveryRequestTarget { InstanceId = "b" },
        };
        var options = new System.ClientModel.Primitives.RequestOptions();
        options.SetHeader("Content-Type", "application/json");
        options.SetHeader("X-Language", "de-de");
        options.SetHeader("Accept", "application/json; q=1");

        var answer = await client.RestoreToNewInstanceAsync("a", BinaryContent.Create(request, ModelReaderWriterOptions.Json), "en-us", options);

        Assert.Equal(200, answer.GetRawResponse().Status);
        Assert.Equal("application/json", Assert.Single(server.Headers, header => header.Name == "Content-Type").Value);
        Assert.Equal("de-de", Assert.Single(server.Headers, header => header.Name == "X-Language").Value);
        Assert.Equal("application/json; q=1", Assert.Single(server.Headers, header => header.Name == "Accept").Value);
    }

    [Fact]
    public async Task A_header_argument_outside_ascii_goes_out_through_an_http_client_set_up_to_encode_it()
    {
        // Refusing every letter outside ASCII up front overrode an HttpClient whose handler encodes headers as UTF-8.
        await using var server = await Http.ScriptedServer.StartAsync(context => context.Response.WriteAsync("""{"job_id":"j1"}"""));
        using var http = new System.Net.Http.HttpClient(new System.Net.Http.SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 });
        var client = new DdmExtendedClient(http, new DdmExtendedClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmExtendedCredential.FromToken("t1") });
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = "a", RestoreTime = 1 },
            Target = new RecoveryRequestTarget { InstanceId = "b" },
        };

        var job = await client.RestoreToNewInstanceAsync("a", request, xLanguage: "fr-\u00e7a");

        Assert.Equal("j1", job.Value.JobId);
        Assert.Single(server.RawTargets);
    }

    [Fact]
    public async Task A_header_argument_with_a_lone_surrogate_is_refused_before_anything_is_sent()
    {
        // A handler that encodes headers as UTF-8 wrote U+FFFD in its place: the service read another value than the caller's.
        await using var server = await Http.ScriptedServer.StartAsync(context => context.Response.WriteAsync("""{"job_id":"j1"}"""));
        using var http = new System.Net.Http.HttpClient(new System.Net.Http.SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 });
        var client = new DdmExtendedClient(http, new DdmExtendedClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmExtendedCredential.FromToken("t1") });
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = "a", RestoreTime = 1 },
            Target = new RecoveryRequestTarget { InstanceId = "b" },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.RestoreToNewInstanceAsync("a", request, xLanguage: "fr-\ud800"));

        Assert.Contains("X-Language", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fr-", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.RawTargets);
    }

    private const string RecoveryJson = """{"source":{"instance_id":"a","restore_time":1},"target":{"instance_id":"b"}}""";

    /// <summary>A client of a scripted server that records the body and content type of each request and answers a job.</summary>
    private static async Task<(Http.ScriptedServer Server, System.Net.Http.HttpClient Http, DdmExtendedClient Client, System.Collections.Concurrent.ConcurrentQueue<(string? ContentType, byte[] Body)> Bodies)> BodyServerAsync()
    {
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<(string?, byte[])>();
        var server = await Http.ScriptedServer.StartAsync(async context =>
        {
            using var body = new System.IO.MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            bodies.Enqueue((context.Request.ContentType, body.ToArray()));
            await context.Response.WriteAsync("""{"job_id":"j1"}""");
        });
        var http = new System.Net.Http.HttpClient();
        var client = new DdmExtendedClient(http, new DdmExtendedClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmExtendedCredential.FromToken("t1") });
        return (server, http, client, bodies);
    }

    [Fact]
    public async Task The_protocol_method_sends_the_content_as_it_is_with_the_content_type_the_spec_declares()
    {
        // JSON the model does not know (a member newer than the spec) reaches the service byte for byte.
        var (server, http, client, bodies) = await BodyServerAsync();
        await using var _ = server;
        using var __ = http;
        const string json = """{"source":{"instance_id":"a","restore_time":1},"target":{"instance_id":"b"},"newer_member":[1,{"x":"\u00e7"}]}""";

        var asynchronous = await client.RestoreToNewInstanceAsync("a", BinaryContent.Create(BinaryData.FromString(json)), null, null);
        var synchronous = client.RestoreToNewInstance("a", BinaryContent.Create(BinaryData.FromString(json)), "en-us", new RequestOptions());

        Assert.Equal(new[] { 200, 200 }, new[] { asynchronous.GetRawResponse().Status, synchronous.GetRawResponse().Status });
        Assert.Equal("""{"job_id":"j1"}""", asynchronous.GetRawResponse().Content.ToString());
        Assert.Collection(
            bodies,
            sent => Assert.Equal(("application/json;charset=utf8", json), (sent.ContentType, Encoding.UTF8.GetString(sent.Body))),
            sent => Assert.Equal(("application/json;charset=utf8", json), (sent.ContentType, Encoding.UTF8.GetString(sent.Body))));
    }

    [Fact]
    public async Task The_convenience_method_sends_the_json_of_the_model()
    {
        var (server, http, client, bodies) = await BodyServerAsync();
        await using var _ = server;
        using var __ = http;
        var request = new RecoveryRequest
        {
            Source = new RecoveryRequestSource { InstanceId = "a", RestoreTime = 1 },
            Target = new RecoveryRequestTarget { InstanceId = "b" },
        };

        Assert.Equal("j1", (await client.RestoreToNewInstanceAsync("a", request)).Value.JobId);
        Assert.Equal("j1", client.RestoreToNewInstance("a", request, xLanguage: "en-us").Value.JobId);

        Assert.Collection(
            bodies,
            sent => Assert.Equal(("application/json;charset=utf8", RecoveryJson), (sent.ContentType, Encoding.UTF8.GetString(sent.Body))),
            sent => Assert.Equal(("application/json;charset=utf8", RecoveryJson), (sent.ContentType, Encoding.UTF8.GetString(sent.Body))));
    }

    [Fact]
    public async Task A_null_content_or_model_is_refused_by_its_name_and_nothing_is_sent()
    {
        var (server, http, client, bodies) = await BodyServerAsync();
        await using var _ = server;
        using var __ = http;

        // An async method reports the error through its task, as a method declared async does.
        var protocolCall = client.RestoreToNewInstanceAsync("a", (BinaryContent)null!, null, null);
        var convenienceCall = client.RestoreToNewInstanceAsync("a", (RecoveryRequest)null!);
        Assert.True(protocolCall.IsFaulted);
        Assert.True(convenienceCall.IsFaulted);

        Assert.Equal("content", (await Assert.ThrowsAsync<ArgumentNullException>(() => protocolCall)).ParamName);
        Assert.Equal("content", Assert.Throws<ArgumentNullException>(() => client.RestoreToNewInstance("a", (BinaryContent)null!, null, null)).ParamName);
        Assert.Equal("recoveryRequest", (await Assert.ThrowsAsync<ArgumentNullException>(() => convenienceCall)).ParamName);
        Assert.Equal("recoveryRequest", Assert.Throws<ArgumentNullException>(() => client.RestoreToNewInstance("a", (RecoveryRequest)null!)).ParamName);
        Assert.Empty(server.RawTargets);
        Assert.Empty(bodies);
    }

    [Fact]
    public async Task A_model_that_cannot_be_written_fails_at_the_call_before_the_pipeline()
    {
        // The content is written when it is made: written as the transport sent it, the failure came out of the pipeline
        // after its policies (credential, logging) had run for a request that could not go out.
        await using var server = await Http.ScriptedServer.StartAsync(context => context.Response.WriteAsync("""{"job_id":"j1"}"""));
        using var http = new System.Net.Http.HttpClient();
        var policy = new CountingPolicy();
        var options = new DdmExtendedClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmExtendedCredential.FromToken("t1") };
        options.AddPolicy(policy, PipelinePosition.PerCall);
        var client = new DdmExtendedClient(http, options);
        // Text with a lone surrogate, which JSON in UTF-8 cannot carry (a null model is written as JSON null).
        var request = new RecoveryRequest { Source = new RecoveryRequestSource { InstanceId = "a\ud800", RestoreTime = 0 }, Target = new RecoveryRequestTarget { InstanceId = "b" } };

        var call = client.RestoreToNewInstanceAsync("a", request);

        await Assert.ThrowsAnyAsync<Exception>(() => call);
        Assert.ThrowsAny<Exception>(() => client.RestoreToNewInstance("a", request));
        Assert.Equal(0, policy.Calls);
        Assert.Empty(server.RawTargets);
    }

    private sealed class CountingPolicy : PipelinePolicy
    {
        public int Calls { get; private set; }

        public override void Process(PipelineMessage message, System.Collections.Generic.IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Calls++;
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, System.Collections.Generic.IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Calls++;
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
