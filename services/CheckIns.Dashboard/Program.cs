using CheckIns.Dashboard.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDashboardServices();

var app = builder.Build();
app.UseDashboard();
app.Run();

public partial class Program;
