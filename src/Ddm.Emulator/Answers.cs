using System;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Ddm.Emulator;

/// <summary>The emulator's answers: JSON bodies written without reflection, in the shapes the reference documents.</summary>
internal static class Answers
{
    public const string RequestIdItem = "ddm.request-id";

    // Dates read "+0000" and "+0100" on the wire, as the reference shows them, rather than "\u002B0000".
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The DDM service's error shape, for example DBS.280001 "Parameter error.".</summary>
    public static Task DdmError(HttpContext context, int status, string code, string message) =>
        Json(context, status, writer =>
        {
            writer.WriteString("errCode", code);
            writer.WriteString("externalMessage", message);
        });

    public static Task ParameterError(HttpContext context) => DdmError(context, StatusCodes.Status400BadRequest, "DBS.280001", "Parameter error.");

    /// <summary>The API gateway's error shape, which carries the request id in the body too.</summary>
    public static Task GatewayError(HttpContext context, int status, string code, string message) =>
        Json(context, status, writer =>
        {
            writer.WriteString("error_code", code);
            writer.WriteString("error_msg", message);
            writer.WriteString("request_id", RequestId(context));
        });

    /// <summary>Keystone's (IAM's) error shape.</summary>
    public static Task IamError(HttpContext context, int status, string title, string message) =>
        Json(context, status, writer =>
        {
            writer.WriteStartObject("error");
            writer.WriteNumber("code", status);
            writer.WriteString("message", message);
            writer.WriteString("title", title);
            writer.WriteEndObject();
        });

    public static async Task Json(HttpContext context, int status, Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=UTF-8";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>
    /// The DDM date form, <c>yyyy-MM-ddTHH:mm:ss</c> and the offset as <c>±hhmm</c>, in the value's own offset:
    /// <c>2025-02-19T02:50:20+0000</c> in UTC, <c>2021-12-14T07:46:22+0100</c> in Central European time. A value with
    /// milliseconds has them as a fraction (<c>2025-02-19T02:50:20.123+0000</c>; seven digits if it has more).
    /// </summary>
    /// <param name="value">The date.</param>
    /// <param name="extendedOffset">
    /// Writes the offset as <c>Z</c> for UTC and <c>±hh:mm</c> otherwise (<c>2021-12-14T07:46:22+01:00</c>), forms the
    /// reference's examples do not show but that its readers are to accept.
    /// </param>
    public static string DdmDate(DateTimeOffset value, bool extendedOffset = false)
    {
        var subSecond = value.Ticks % TimeSpan.TicksPerSecond;
        var fraction = subSecond == 0 ? string.Empty
            : subSecond % TimeSpan.TicksPerMillisecond == 0 ? value.ToString(".fff", CultureInfo.InvariantCulture)
            : value.ToString(".fffffff", CultureInfo.InvariantCulture);
        var sign = value.Offset < TimeSpan.Zero ? '-' : '+';
        var offset = !extendedOffset ? string.Create(CultureInfo.InvariantCulture, $"{sign}{value.Offset.Duration():hhmm}")
            : value.Offset == TimeSpan.Zero ? "Z"
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{value.Offset.Duration():hh}:{value.Offset.Duration():mm}");
        return string.Create(CultureInfo.InvariantCulture, $"{value:yyyy-MM-dd'T'HH:mm:ss}{fraction}{offset}");
    }

    /// <summary>IAM's date form: ISO 8601 in UTC with microseconds.</summary>
    public static string IamDate(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string RequestId(HttpContext context) => (string)context.Items[RequestIdItem]!;
}
