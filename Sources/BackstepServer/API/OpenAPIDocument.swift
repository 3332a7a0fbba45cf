/// The OpenAPI 3 document served at `/api/v1/openapi.json`. `OpenAPITests` checks that every route of
/// `APIController` is documented and every documented path answers.
enum OpenAPIDocument {
    static let json = #"""
        {
         "components": {
          "schemas": {
           "Credentials": {
            "properties": {
             "email": {
              "type": "string"
             },
             "name": {
              "type": "string"
             },
             "password": {
              "type": "string"
             }
            },
            "required": [
             "email",
             "password"
            ],
            "type": "object"
           },
           "Error": {
            "properties": {
             "error": {
              "properties": {
               "field": {
                "type": "string"
               },
               "message": {
                "type": "string"
               },
               "status": {
                "type": "integer"
               }
              },
              "required": [
               "status",
               "message"
              ],
              "type": "object"
             }
            },
            "required": [
             "error"
            ],
            "type": "object"
           },
           "Feedback": {
            "properties": {
             "handrailUsed": {
              "enum": [
               "two-hands",
               "one-hand",
               "fingertips",
               "hands-free"
              ],
              "type": "string"
             },
             "nearFall": {
              "type": "boolean"
             },
             "notes": {
              "maxLength": 2000,
              "type": "string"
             },
             "painAfter": {
              "maximum": 10,
              "minimum": 0,
              "type": "integer"
             },
             "painDuring": {
              "maximum": 10,
              "minimum": 0,
              "type": "integer"
             },
             "rpe": {
              "maximum": 20,
              "minimum": 6,
              "type": "number"
             }
            },
            "required": [
             "painDuring",
             "painAfter"
            ],
            "type": "object"
           },
           "ImportRequest": {
            "properties": {
             "direction": {
              "description": "For files that don't say; absent: such files are skipped with that reason",
              "enum": [
               "backward",
               "forward"
              ],
              "type": "string"
             },
             "files": {
              "items": {
               "properties": {
                "contentBase64": {
                 "format": "byte",
                 "type": "string"
                },
                "name": {
                 "type": "string"
                }
               },
               "required": [
                "name",
                "contentBase64"
               ],
               "type": "object"
              },
              "type": "array"
             }
            },
            "required": [
             "files"
            ],
            "type": "object"
           },
           "ImportSummary": {
            "properties": {
             "duplicates": {
              "items": {
               "properties": {
                "file": {
                 "type": "string"
                },
                "fingerprint": {
                 "type": "string"
                },
                "sameAs": {
                 "description": "The earlier file of this upload with the same session; absent: already stored",
                 "type": "string"
                }
               },
               "required": [
                "file",
                "fingerprint"
               ],
               "type": "object"
              },
              "type": "array"
             },
             "imported": {
              "items": {
               "properties": {
                "file": {
                 "type": "string"
                },
                "fingerprint": {
                 "type": "string"
                },
                "format": {
                 "enum": [
                  "fit",
                  "tcx",
                  "csv"
                 ],
                 "type": "string"
                },
                "name": {
                 "type": "string"
                },
                "sessionId": {
                 "format": "uuid",
                 "type": "string"
                },
                "warnings": {
                 "items": {
                  "type": "string"
                 },
                 "type": "array"
                }
               },
               "required": [
                "file",
                "sessionId",
                "name",
                "format",
                "fingerprint",
                "warnings"
               ],
               "type": "object"
              },
              "type": "array"
             },
             "skipped": {
              "items": {
               "properties": {
                "file": {
                 "type": "string"
                },
                "format": {
                 "type": "string"
                },
                "kind": {
                 "enum": [
                  "malformed",
                  "unsupported",
                  "empty",
                  "direction-unknown",
                  "too-large",
                  "unrepresentable"
                 ],
                 "type": "string"
                },
                "location": {
                 "type": "string"
                },
                "problem": {
                 "type": "string"
                }
               },
               "required": [
                "kind",
                "problem"
               ],
               "type": "object"
              },
              "type": "array"
             }
            },
            "required": [
             "imported",
             "duplicates",
             "skipped"
            ],
            "type": "object"
           },
           "LiveSession": {
            "properties": {
             "mode": {
              "type": "string"
             },
             "sessionId": {
              "format": "uuid",
              "type": "string"
             },
             "websocket": {
              "type": "string"
             }
            },
            "required": [
             "sessionId",
             "mode",
             "websocket"
            ],
            "type": "object"
           },
           "LiveStart": {
            "properties": {
             "bluetooth": {
              "properties": {
               "feature": {
                "type": "string"
               },
               "inclinationRange": {
                "type": "string"
               },
               "speedRange": {
                "type": "string"
               }
              },
              "required": [
               "feature"
              ],
              "type": "object"
             },
             "day": {
              "type": "integer"
             },
             "mode": {
              "enum": [
               "manual",
               "bluetooth",
               "simulated"
              ],
              "type": "string"
             },
             "program": {
              "type": "string"
             },
             "week": {
              "type": "integer"
             }
            },
            "type": "object"
           },
           "MorningPain": {
            "properties": {
             "painNextMorning": {
              "maximum": 10,
              "minimum": 0,
              "type": "integer"
             }
            },
            "required": [
             "painNextMorning"
            ],
            "type": "object"
           },
           "PlanRequest": {
            "properties": {
             "daysPerWeek": {
              "maximum": 7,
              "minimum": 1,
              "type": "integer"
             },
             "minutesPerSession": {
              "maximum": 120,
              "minimum": 5,
              "type": "integer"
             },
             "weeks": {
              "maximum": 52,
              "minimum": 1,
              "type": "integer"
             }
            },
            "type": "object"
           },
           "Profile": {
            "properties": {
             "age": {
              "maximum": 105,
              "minimum": 10,
              "type": "integer"
             },
             "conditions": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "experience": {
              "enum": [
               "beginner",
               "intermediate",
               "advanced"
              ],
              "type": "string"
             },
             "goal": {
              "enum": [
               "knee",
               "balance",
               "fitness",
               "fat-loss",
               "strength",
               "stroke",
               "running"
              ],
              "type": "string"
             },
             "massKg": {
              "type": "number"
             },
             "speedCapMps": {
              "type": "number"
             },
             "units": {
              "enum": [
               "metric",
               "imperial"
              ],
              "type": "string"
             }
            },
            "required": [
             "age",
             "massKg",
             "goal"
            ],
            "type": "object"
           },
           "Program": {
            "properties": {
             "audience": {
              "type": "string"
             },
             "evidence": {
              "items": {
               "type": "object"
              },
              "type": "array"
             },
             "id": {
              "type": "string"
             },
             "name": {
              "type": "string"
             },
             "safetyNotes": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "summary": {
              "type": "string"
             },
             "trains": {
              "items": {
               "type": "string"
              },
              "type": "array"
             }
            },
            "required": [
             "id",
             "name"
            ],
            "type": "object"
           },
           "Screening": {
            "properties": {
             "advice": {
              "type": "string"
             },
             "answers": {
              "additionalProperties": {
               "type": "boolean"
              },
              "type": "object"
             },
             "clearance": {
              "type": "string"
             },
             "date": {
              "format": "date-time",
              "type": "string"
             }
            },
            "required": [
             "date",
             "answers",
             "clearance",
             "advice"
            ],
            "type": "object"
           },
           "ScreeningAnswers": {
            "properties": {
             "answers": {
              "additionalProperties": {
               "type": "boolean"
              },
              "type": "object"
             }
            },
            "required": [
             "answers"
            ],
            "type": "object"
           },
           "SignUp": {
            "properties": {
             "email": {
              "format": "email",
              "type": "string"
             },
             "name": {
              "maxLength": 200,
              "type": "string"
             },
             "password": {
              "maxLength": 200,
              "minLength": 10,
              "type": "string"
             }
            },
            "required": [
             "name",
             "email",
             "password"
            ],
            "type": "object"
           },
           "Token": {
            "properties": {
             "token": {
              "type": "string"
             },
             "user": {
              "$ref": "#/components/schemas/User"
             }
            },
            "required": [
             "token",
             "user"
            ],
            "type": "object"
           },
           "User": {
            "properties": {
             "id": {
              "format": "uuid",
              "type": "string"
             },
             "name": {
              "type": "string"
             },
             "role": {
              "type": "string"
             }
            },
            "required": [
             "id",
             "name",
             "role"
            ],
            "type": "object"
           },
           "WalkTest": {
            "properties": {
             "notes": {
              "type": "string"
             },
             "population": {
              "enum": [
               "community-older-adults",
               "older-cohort",
               "nursing-home",
               "parkinsons"
              ],
              "type": "string"
             },
             "seconds": {
              "maximum": 120,
              "minimum": 0.1,
              "type": "number"
             }
            },
            "required": [
             "seconds"
            ],
            "type": "object"
           },
           "WalkTestResult": {
            "properties": {
             "band": {
              "type": "string"
             },
             "interpretation": {
              "type": "string"
             },
             "record": {
              "type": "object"
             }
            },
            "required": [
             "record",
             "band",
             "interpretation"
            ],
            "type": "object"
           }
          },
          "securitySchemes": {
           "bearer": {
            "scheme": "bearer",
            "type": "http"
           },
           "cookie": {
            "in": "cookie",
            "name": "bs_session",
            "type": "apiKey"
           }
          }
         },
         "info": {
          "description": "The JSON API of the Backstep web app. Authenticate with a bearer token (POST /auth/token) or the browser session cookie plus an X-CSRF-Token header for changes. Errors are {\"error\":{\"status\",\"message\",\"field\"}}.",
          "title": "Backstep API",
          "version": "1.0.0"
         },
         "openapi": "3.0.3",
         "paths": {
          "/assessments": {
           "get": {
            "operationId": "get_assessments",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "items": {
                  "type": "object"
                 },
                 "type": "array"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "Assessments, oldest first"
           },
           "post": {
            "operationId": "post_assessments",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/WalkTest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "201": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/WalkTestResult"
                }
               }
              },
              "description": "Created"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "Record a 3-metre backward walk test"
           }
          },
          "/auth/signup": {
           "post": {
            "operationId": "post_auth_signup",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/SignUp"
               }
              }
             },
             "required": true
            },
            "responses": {
             "201": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Token"
                }
               }
              },
              "description": "Created"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "security": [],
            "summary": "Create an account; returns an API token"
           }
          },
          "/auth/token": {
           "post": {
            "operationId": "post_auth_token",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/Credentials"
               }
              }
             },
             "required": true
            },
            "responses": {
             "201": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Token"
                }
               }
              },
              "description": "Created"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "security": [],
            "summary": "Exchange e-mail and password for an API token (rate limited)"
           }
          },
          "/dashboard": {
           "get": {
            "operationId": "get_dashboard",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "Training statistics"
           }
          },
          "/me": {
           "get": {
            "operationId": "get_me",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/User"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "The signed-in user"
           }
          },
          "/next": {
           "get": {
            "operationId": "get_next",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "The next planned session with the progression decision applied"
           }
          },
          "/openapi.json": {
           "get": {
            "operationId": "get_openapi_json",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "security": [],
            "summary": "This document"
           }
          },
          "/plan": {
           "get": {
            "operationId": "get_plan",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "The current plan"
           },
           "post": {
            "operationId": "post_plan",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/PlanRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "201": {
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              },
              "description": "Created"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "Generate a plan from the profile and screening"
           }
          },
          "/plan/calendar": {
           "get": {
            "operationId": "get_plan_calendar",
            "responses": {
             "200": {
              "content": {
               "text/calendar": {
                "schema": {
                 "type": "string"
                }
               }
              },
              "description": "An iCalendar file, as an attachment",
              "headers": {
               "Content-Disposition": {
                "description": "attachment; filename=\"…\"",
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "The current plan as an iCalendar download: one event per planned session, UIDs stable for the same stored plan (404 without a plan)"
           }
          },
          "/plan/workouts/{program}/{format}": {
           "get": {
            "operationId": "get_plan_workouts_program_format",
            "parameters": [
             {
              "description": "A program id of the current plan",
              "in": "path",
              "name": "program",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "in": "path",
              "name": "format",
              "required": true,
              "schema": {
               "enum": [
                "fit",
                "zwo"
               ],
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/vnd.ant.fit": {
                "schema": {
                 "format": "binary",
                 "type": "string"
                }
               },
               "application/xml": {
                "schema": {
                 "type": "string"
                }
               }
              },
              "description": "A FIT workout or ZWO file, as an attachment",
              "headers": {
               "Content-Disposition": {
                "description": "attachment; filename=\"…\"",
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "A program of the current plan as a workout download: the workout of its next planned session, as a FIT workout or a Zwift ZWO"
           }
          },
          "/profile": {
           "get": {
            "operationId": "get_profile",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "The current profile"
           },
           "put": {
            "operationId": "put_profile",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/Profile"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "Save the profile (a new version)"
           }
          },
          "/programs": {
           "get": {
            "operationId": "get_programs",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "items": {
                  "$ref": "#/components/schemas/Program"
                 },
                 "type": "array"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "security": [],
            "summary": "The program catalog"
           }
          },
          "/programs/{id}": {
           "get": {
            "operationId": "get_programs_id",
            "parameters": [
             {
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Program"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "security": [],
            "summary": "One program"
           }
          },
          "/screening": {
           "get": {
            "operationId": "get_screening",
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Screening"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "The latest screening"
           },
           "post": {
            "operationId": "post_screening",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/ScreeningAnswers"
               }
              }
             },
             "required": true
            },
            "responses": {
             "201": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Screening"
                }
               }
              },
              "description": "Created"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "Answer the seven screening questions"
           }
          },
          "/sessions": {
           "get": {
            "operationId": "get_sessions",
            "parameters": [
             {
              "in": "query",
              "name": "limit",
              "required": false,
              "schema": {
               "maximum": 1000,
               "minimum": 1,
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "items": {
                  "type": "object"
                 },
                 "type": "array"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "Session history, newest first"
           }
          },
          "/sessions/import": {
           "post": {
            "operationId": "post_sessions_import",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/ImportRequest"
               }
              },
              "multipart/form-data": {
               "schema": {
                "properties": {
                 "direction": {
                  "enum": [
                   "backward",
                   "forward",
                   ""
                  ],
                  "type": "string"
                 },
                 "files": {
                  "items": {
                   "format": "binary",
                   "type": "string"
                  },
                  "type": "array"
                 }
                },
                "required": [
                 "files"
                ],
                "type": "object"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ImportSummary"
                }
               }
              },
              "description": "What happened to each file"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "Import FIT activity, TCX and CSV files as sessions; each file is imported whole, found to be a duplicate of a stored session or an earlier file, or skipped with the reason (the upload is limited to 20 MB)"
           }
          },
          "/sessions/live": {
           "post": {
            "operationId": "post_sessions_live",
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/LiveStart"
               }
              }
             },
             "required": true
            },
            "responses": {
             "201": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/LiveSession"
                }
               }
              },
              "description": "Created"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "Start a live session (manual, simulated or bluetooth); returns its WebSocket path"
           }
          },
          "/sessions/{id}": {
           "get": {
            "operationId": "get_sessions_id",
            "parameters": [
             {
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "format": "uuid",
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              },
              "description": "OK"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "One session with samples and feedback"
           }
          },
          "/sessions/{id}/export/{format}": {
           "get": {
            "operationId": "get_sessions_id_export_format",
            "parameters": [
             {
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "format": "uuid",
               "type": "string"
              }
             },
             {
              "in": "path",
              "name": "format",
              "required": true,
              "schema": {
               "enum": [
                "fit",
                "tcx",
                "csv"
               ],
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/vnd.ant.fit": {
                "schema": {
                 "format": "binary",
                 "type": "string"
                }
               },
               "application/vnd.garmin.tcx+xml": {
                "schema": {
                 "type": "string"
                }
               },
               "text/csv": {
                "schema": {
                 "type": "string"
                }
               }
              },
              "description": "The session file, as an attachment",
              "headers": {
               "Content-Disposition": {
                "description": "attachment; filename=\"…\"",
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "A session as a FIT activity, TCX or CSV download"
           }
          },
          "/sessions/{id}/feedback": {
           "post": {
            "operationId": "post_sessions_id_feedback",
            "parameters": [
             {
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "format": "uuid",
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/Feedback"
               }
              }
             },
             "required": true
            },
            "responses": {
             "201": {
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              },
              "description": "Created"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "Feedback after a session"
           }
          },
          "/sessions/{id}/morning-pain": {
           "post": {
            "operationId": "post_sessions_id_morning_pain",
            "parameters": [
             {
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "format": "uuid",
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/MorningPain"
               }
              }
             },
             "required": true
            },
            "responses": {
             "204": {
              "description": "Saved"
             },
             "default": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Error"
                }
               }
              },
              "description": "Error"
             }
            },
            "summary": "Pain the next morning"
           }
          }
         },
         "security": [
          {
           "bearer": []
          },
          {
           "cookie": []
          }
         ],
         "servers": [
          {
           "url": "/api/v1"
          }
         ]
        }
        """#
}
