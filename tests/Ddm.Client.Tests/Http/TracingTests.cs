using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Ddm.Client.Tests.Http;

/// <summary>
/// Each call of the client is an activity of the source <c>Ddm.Client.DdmClient</c>, as System.ClientModel clients
/// trace their calls: one per call around its tries, the HttpClient's activity of each try beneath it, marked failed
/// with OpenTelemetry's <c>error.type</c> when the call fails.
/// </summary>
public sealed class TracingTests
{
    private const string EmptyPage = """{"backups":[],"total":0,"offset":0,"limit":10}""";

    [Fact]
    public async Task A_call_is_one_activity_named_after_the_operation_with_the_http_try_beneath_it()
    {
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, 200, EmptyPage));
        var client = Client(server.BaseAddress);
        using var trace = new Trace();

        await client.ListBackupsAsync();
        Assert.Same(trace.Root, Activity.Current);
        client.ListBackups();
        Assert.Same(trace.Root, Activity.Current);

        var calls = trace.Calls();
        Assert.Equal(2, calls.Count);
        foreach (var call in calls)
        {
            Assert.Equal("DdmClient.listBackups", call.OperationName);
            Assert.Equal(ActivityKind.Internal, call.Kind);
            Assert.Equal(ActivityStatusCode.Unset, call.Status);
            Assert.Equal(trace.Root.SpanId, call.ParentSpanId);
            Assert.Single(trace.Tries(call));
        }
    }

    [Fact]
    public async Task Retried_tries_sit_beneath_the_one_activity_of_their_call()
    {
        var answers = 0;
        await using var server = await ScriptedServer.StartAsync(context =>
            Interlocked.Increment(ref answers) == 1 ? Answer(context, 503, "") : Answer(context, 200, EmptyPage));
        var client = Client(server.BaseAddress);
        using var trace = new Trace();

        await client.ListBackupsAsync();

        var call = Assert.Single(trace.Calls());
        Assert.Equal(2, trace.Tries(call).Count);
        Assert.Equal(ActivityStatusCode.Unset, call.Status);
    }

    [Fact]
    public async Task An_error_answer_marks_the_activity_failed_with_its_status_code_whether_or_not_it_throws()
    {
        await using var server = await ScriptedServer.StartAsync(context =>
            Answer(context, 404, """{"error_code":"DBS.280001","error_msg":"The instance does not exist."}"""));
        var client = Client(server.BaseAddress);
        using var trace = new Trace();

        await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());
        var answer = client.ListBackups(null, null, new RequestOptions { ErrorOptions = ClientErrorBehaviors.NoThrow });

        Assert.Equal(404, answer.GetRawResponse().Status);
        var calls = trace.Calls();
        Assert.Equal(2, calls.Count);
        foreach (var call in calls)
        {
            Assert.Equal(ActivityStatusCode.Error, call.Status);
            Assert.Equal("404", call.GetTagItem("error.type"));
        }
    }

    [Fact]
    public async Task A_call_that_no_server_answers_is_marked_with_what_the_transport_met()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        listener.Stop();
        var client = Client(closed);
        using var trace = new Trace();

        // Two tries, each refused: the retry policy throws both, gathered.
        await Assert.ThrowsAsync<AggregateException>(() => client.ListBackupsAsync());

        var call = Assert.Single(trace.Calls());
        Assert.Equal(ActivityStatusCode.Error, call.Status);
        Assert.Equal("System.Net.Http.HttpRequestException", call.GetTagItem("error.type"));
    }

    [Fact]
    public async Task A_followed_redirect_that_the_call_refuses_marks_the_activity_failed_with_the_exception()
    {
        await using var elsewhere = await ScriptedServer.StartAsync(context => Answer(context, 200, EmptyPage));
        await using var service = await ScriptedServer.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = new Uri(elsewhere.BaseAddress, "collect").ToString();
            return Task.CompletedTask;
        });
        using var http = new HttpClient();
        var client = new DdmClient(http, new DdmClientOptions { Endpoint = service.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("t") });
        using var trace = new Trace();

        await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());
        Assert.Throws<DdmApiException>(() => client.ListBackups(null, null, new RequestOptions { ErrorOptions = ClientErrorBehaviors.NoThrow }));

        var calls = trace.Calls();
        Assert.Equal(2, calls.Count);
        foreach (var call in calls)
        {
            Assert.Equal(ActivityStatusCode.Error, call.Status);
            Assert.Equal(typeof(DdmApiException).FullName, call.GetTagItem("error.type"));
        }
    }

    [Fact]
    public async Task Each_page_of_a_listing_is_an_activity_of_its_own()
    {
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            var offset = int.Parse(context.Request.Query["offset"].ToString() is { Length: > 0 } text ? text : "0", System.Globalization.CultureInfo.InvariantCulture);
            return Answer(context, 200, offset == 0
                ? """{"backups":[{"id":"b1","status":"normal","instance_id":"i","created":"2025-02-19T02:50:20+0000"}],"total":2,"offset":0,"limit":1}"""
                : """{"backups":[{"id":"b2","status":"normal","instance_id":"i","created":"2025-02-19T02:50:20+0000"}],"total":2,"offset":1,"limit":1}""");
        });
        var client = Client(server.BaseAddress);
        using var trace = new Trace();

        var ids = new List<string>();
        await foreach (var backup in client.ListBackupsAutoPagingAsync(limit: 1))
        {
            ids.Add(backup.Id);
        }

        Assert.Equal(new[] { "b1", "b2" }, ids);
        Assert.Equal(2, trace.Calls().Count(call => call.OperationName == "DdmClient.listBackups"));
    }

    [Fact]
    public async Task A_body_a_convenience_method_cannot_read_marks_its_call_failed_and_ends_it()
    {
        // The call's activity lasts until the client has read the answer, as an activity of a client method does.
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, 200, """{"backups":7}"""));
        var client = Client(server.BaseAddress);
        using var trace = new Trace();

        await Assert.ThrowsAsync<DdmApiException>(() => client.ListBackupsAsync());
        Assert.Same(trace.Root, Activity.Current);
        Assert.Throws<DdmApiException>(() => client.ListBackups());
        Assert.Same(trace.Root, Activity.Current);

        var calls = trace.Calls();
        Assert.Equal(2, calls.Count);
        foreach (var call in calls)
        {
            Assert.Equal(ActivityStatusCode.Error, call.Status);
            Assert.Equal(typeof(DdmApiException).FullName, call.GetTagItem("error.type"));
            Assert.Single(trace.Tries(call));
        }
    }

    [Fact]
    public async Task A_page_the_service_repeats_marks_the_activity_of_that_page_failed()
    {
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, 200,
            """{"backups":[{"id":"b1","status":"normal","instance_id":"i","created":"2025-02-19T02:50:20+0000"}],"total":5,"offset":0,"limit":1}"""));
        var client = Client(server.BaseAddress);
        using var trace = new Trace();

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in client.ListBackupsAutoPagingAsync(limit: 1))
            {
            }
        });
        Assert.Throws<InvalidOperationException>(() => client.ListBackupsAutoPaging(limit: 1).ToList());

        var calls = trace.Calls();
        Assert.Equal(4, calls.Count);
        Assert.Equal(2, calls.Count(call => call.Status == ActivityStatusCode.Error && Equals(call.GetTagItem("error.type"), typeof(InvalidOperationException).FullName)));
        Assert.Equal(2, calls.Count(call => call.Status == ActivityStatusCode.Unset));
    }

    [Fact]
    public async Task A_listing_made_before_tracing_started_keeps_each_page_activity_until_the_page_is_read()
    {
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, 200,
            """{"backups":[{"id":"b1","status":"normal","instance_id":"i","created":"2025-02-19T02:50:20+0000"}],"total":5,"offset":0,"limit":1}"""));
        var client = Client(server.BaseAddress);
        var asynchronous = client.ListBackupsAutoPagingAsync(limit: 1);
        var synchronous = client.ListBackupsAutoPaging(limit: 1);
        using var trace = new Trace();

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in asynchronous)
            {
            }
        });
        Assert.Throws<InvalidOperationException>(() => synchronous.ToList());

        Assert.Equal(2, trace.Calls().Count(call => call.Status == ActivityStatusCode.Error && Equals(call.GetTagItem("error.type"), typeof(InvalidOperationException).FullName)));
    }

    [Fact]
    public async Task A_protocol_method_ends_its_activity_with_the_answer_it_returns_unread()
    {
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, 200, """{"backups":7}"""));
        var client = Client(server.BaseAddress);
        using var trace = new Trace();

        var answer = await client.ListBackupsAsync(null, null, new RequestOptions());

        Assert.Equal(200, answer.GetRawResponse().Status);
        var call = Assert.Single(trace.Calls());
        Assert.Equal(ActivityStatusCode.Unset, call.Status);
    }

    [Fact]
    public async Task Options_that_turn_distributed_tracing_off_leave_the_call_untraced_but_not_its_http_try()
    {
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, 200, EmptyPage));
        var client = new DdmClient(new DdmClientOptions
        {
            Endpoint = server.BaseAddress,
            ProjectId = "p1",
            Credential = DdmCredential.FromToken("t"),
            EnableDistributedTracing = false,
        });
        using var trace = new Trace();

        await client.ListBackupsAsync();

        Assert.Empty(trace.Calls());
        Assert.Equal(trace.Root.SpanId, Assert.Single(trace.Tries(trace.Root)).ParentSpanId);
    }

    [Fact]
    public async Task A_call_through_an_override_that_traces_the_protocol_method_leaves_the_callers_activity_current()
    {
        // Regression: ending the call's activity once the answer was read made current again the activity current
        // when the call started, the override's, which had ended by then.
        await using var server = await ScriptedServer.StartAsync(context => Answer(context, 200, EmptyPage));
        var client = new WrappingClient(new DdmClientOptions { Endpoint = server.BaseAddress, ProjectId = "p1", Credential = DdmCredential.FromToken("t") });
        using var trace = new Trace();

        client.ListBackups();
        Assert.Same(trace.Root, Activity.Current);
        _ = client.ListBackupsAutoPaging().ToList();
        Assert.Same(trace.Root, Activity.Current);
        await client.ListBackupsAsync();
        Assert.Same(trace.Root, Activity.Current);

        var calls = trace.Calls();
        Assert.Equal(3, calls.Count);
        Assert.All(calls, call => Assert.Equal("wrap", call.Parent?.OperationName));
    }

    /// <summary>A client whose protocol method traces each call within an activity of its own.</summary>
    private sealed class WrappingClient(DdmClientOptions options) : DdmClient(options)
    {
        private static readonly ActivitySource Source = new(nameof(TracingTests));

        public override ClientResult ListBackups(int? offset, int? limit, RequestOptions? options)
        {
            using var wrap = Source.StartActivity("wrap");
            return base.ListBackups(offset, limit, options);
        }

        public override async Task<ClientResult> ListBackupsAsync(int? offset, int? limit, RequestOptions? options)
        {
            using var wrap = Source.StartActivity("wrap");
            return await base.ListBackupsAsync(offset, limit, options);
        }
    }

    [Fact]
    public async Task A_call_whose_last_listener_goes_away_before_its_answer_is_read_still_ends_its_activity()
    {
        // Regression: the reader looked for the call's activity only while someone listened, so it never ended. The
        // tests of this class run one at a time, so this listener is the source's only one; it hears the calls of tests
        // of other classes too, so it keeps only those under this test's own root.
        using var root = new Activity("test").Start();
        var started = new ConcurrentQueue<Activity>();
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Ddm.Client.DdmClient",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity =>
            {
                if (activity.TraceId == root.TraceId)
                {
                    started.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await ScriptedServer.StartAsync(context =>
        {
            listener.Dispose();
            return Answer(context, 200, EmptyPage);
        });
        var client = Client(server.BaseAddress);
        var caller = Activity.Current;

        await client.ListBackupsAsync();

        Assert.Same(caller, Activity.Current);
        Assert.True(Assert.Single(started).IsStopped);
    }

    private static DdmClient Client(Uri endpoint) => new(new DdmClientOptions
    {
        Endpoint = endpoint,
        ProjectId = "p1",
        Credential = DdmCredential.FromToken("t"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 1),
    });

    private static Task Answer(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return body.Length == 0 ? Task.CompletedTask : context.Response.WriteAsync(body);
    }

    /// <summary>
    /// Records the client's and the HttpClient's activities of one test: those under its own root activity, since
    /// the listener hears every test of the process.
    /// </summary>
    private sealed class Trace : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ActivityListener _listener;

        public Trace()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is "Ddm.Client.DdmClient" or "System.Net.Http" or nameof(TracingTests),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
            Root = Source.StartActivity("test")!;
        }

        private static ActivitySource Source { get; } = new(nameof(TracingTests));

        public Activity Root { get; }

        public List<Activity> Calls() => Mine().Where(activity => activity.Source.Name == "Ddm.Client.DdmClient").ToList();

        public List<Activity> Tries(Activity parent) =>
            Mine().Where(activity => activity.Source.Name == "System.Net.Http" && activity.ParentSpanId == parent.SpanId).ToList();

        public void Dispose()
        {
            Root.Dispose();
            _listener.Dispose();
        }

        private IEnumerable<Activity> Mine() => _stopped.Where(activity => activity.TraceId == Root.TraceId);
    }
}
